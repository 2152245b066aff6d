using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Transactions;

/// <summary>
/// The keys clients WATCH, per database, and the touches that invalidate them (Redis's optimistic locking). A write
/// reports the watched keys it reaches while a command runs; at the end of the command the keyspace flushes them:
/// keys it changed for certain (added, removed, replaced, re-timed) always touch, keys it looked up for writing touch
/// only when the command changed the dataset (so <c>SET k v NX</c> on an existing key or <c>SADD</c> of a present member
/// leave a WATCH intact, as in Redis). A touched client's next EXEC answers a null array.
/// <para>Databases with no watched key keep <see cref="Database.Watches"/> null, so writes elsewhere pay one null check.</para>
/// </summary>
internal sealed class WatchedKeys
{
    private readonly Dictionary<byte[], List<WatchedKey>>?[] _byDb;
    private readonly List<List<WatchedKey>> _changed = [];
    private readonly List<List<WatchedKey>> _lookedUp = [];
    private readonly HashSet<List<WatchedKey>> _flushed = new(ReferenceEqualityComparer.Instance);
    private int _count;

    public WatchedKeys(int databases)
    {
        _byDb = new Dictionary<byte[], List<WatchedKey>>?[databases];
    }

    /// <summary>True while any client watches any key.</summary>
    public bool IsActive => _count > 0;

    /// <summary>WATCH of one key; watching a key twice in the same database keeps one entry.</summary>
    public void Add(ClientSession client, Database db, ReadOnlySpan<byte> key, bool expired)
    {
        client.Watches ??= [];
        foreach (WatchedKey w in client.Watches)
        {
            if (w.Db == db && key.SequenceEqual(w.Key))
            {
                return;
            }
        }

        Dictionary<byte[], List<WatchedKey>> keys = _byDb[db.Id] ??= new Dictionary<byte[], List<WatchedKey>>(ByteArrayComparer.Instance);
        var lookup = keys.GetAlternateLookup<ReadOnlySpan<byte>>();
        byte[] stored;
        if (lookup.TryGetValue(key, out byte[]? existing, out List<WatchedKey>? watchers))
        {
            stored = existing;
        }
        else
        {
            stored = key.ToArray();
            watchers = [];
            keys[stored] = watchers;
        }

        var watched = new WatchedKey(client, db, stored, expired);
        watchers.Add(watched);
        client.Watches.Add(watched);
        _count++;
        db.Watches = this;
    }

    /// <summary>UNWATCH, EXEC, DISCARD, a closed connection: the client watches nothing and is no longer touched.</summary>
    public void RemoveAll(ClientSession client)
    {
        client.WatchTouched = false;
        if (client.Watches is not { Count: > 0 } watches)
        {
            return;
        }

        foreach (WatchedKey w in watches)
        {
            Dictionary<byte[], List<WatchedKey>> keys = _byDb[w.Db.Id]!;
            List<WatchedKey> watchers = keys[w.Key];
            watchers.Remove(w);
            if (watchers.Count == 0)
            {
                keys.Remove(w.Key);
            }

            if (keys.Count == 0)
            {
                _byDb[w.Db.Id] = null;
                w.Db.Watches = null;
            }

            _count--;
        }

        watches.Clear();
    }

    /// <summary>Whether EXEC must fail: a touch, or a key that was live at WATCH time has logically expired since.</summary>
    public static bool IsBroken(ClientSession client, long nowMs)
    {
        if (client.WatchTouched)
        {
            return true;
        }

        if (client.Watches is { } watches)
        {
            foreach (WatchedKey w in watches)
            {
                if (!w.Expired && IsExpired(w.Db, w.Key, nowMs))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Redis's keyIsExpired: present with an expiry in the past, whether or not it was deleted yet.</summary>
    public static bool IsExpired(Database db, ReadOnlySpan<byte> key, long nowMs)
    {
        int slot = db.Find(key);
        if (slot < 0)
        {
            return false;
        }

        long when = db.GetExpire(slot);
        return when >= 0 && when < nowMs;
    }

    /// <summary>The key was added, removed, replaced or re-timed by the running command.</summary>
    public void NoteChanged(Database db, ReadOnlySpan<byte> key)
    {
        if (Find(db, key) is { } watchers)
        {
            _changed.Add(watchers);
        }
    }

    /// <summary>The running command looked the key up for writing: a touch if the command changes the dataset.</summary>
    public void NoteLookedUp(Database db, ReadOnlySpan<byte> key)
    {
        if (Find(db, key) is { } watchers)
        {
            _lookedUp.Add(watchers);
        }
    }

    /// <summary>End of a command: touches what it reached (see the class comment).</summary>
    public void Flush(bool commandChangedData)
    {
        // A key is often reported twice (its expiry, then the key): each is judged once, on the state the command left.
        foreach (List<WatchedKey> watchers in _changed)
        {
            if (_flushed.Add(watchers))
            {
                Touch(watchers);
            }
        }

        if (commandChangedData)
        {
            foreach (List<WatchedKey> watchers in _lookedUp)
            {
                if (_flushed.Add(watchers))
                {
                    Touch(watchers);
                }
            }
        }

        _changed.Clear();
        _lookedUp.Clear();
        _flushed.Clear();
    }

    /// <summary>
    /// FLUSHDB / FLUSHALL (<paramref name="replacedWith"/> null) or SWAPDB and a full resynchronization (the contents
    /// that will take <paramref name="emptied"/>'s place), called before the change. A watched key is touched when it
    /// existed or will exist; a key that was already expired at WATCH time and stays absent or expired is no change,
    /// and an absent key replaced by an expired one counts as expired from then on.
    /// </summary>
    public void TouchAllInDb(Database emptied, Database? replacedWith, long nowMs)
    {
        if (_byDb[emptied.Id] is not { } keys)
        {
            return;
        }

        foreach ((byte[] key, List<WatchedKey> watchers) in keys)
        {
            bool inEmptied = emptied.Find(key) >= 0;
            bool inReplacement = replacedWith is not null && replacedWith.Find(key) >= 0;
            if (!inEmptied && !inReplacement)
            {
                continue;
            }

            foreach (WatchedKey w in watchers)
            {
                if (w.Expired)
                {
                    if (!inReplacement)
                    {
                        w.Expired = false;
                        continue;
                    }

                    if (IsExpired(replacedWith!, key, nowMs))
                    {
                        continue;
                    }
                }
                else if (!inEmptied && IsExpired(replacedWith!, key, nowMs))
                {
                    w.Expired = true;
                    continue;
                }

                w.Client.WatchTouched = true;
            }
        }
    }

    private List<WatchedKey>? Find(Database db, ReadOnlySpan<byte> key) =>
        _byDb[db.Id] is { } keys && keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out List<WatchedKey>? watchers)
            ? watchers
            : null;

    // A touch after the change: a key watched while already expired that is now gone was only cleaned up.
    private static void Touch(List<WatchedKey> watchers)
    {
        foreach (WatchedKey w in watchers)
        {
            if (w.Client.WatchTouched)
            {
                continue;
            }

            if (w.Expired && w.Db.Find(w.Key) < 0)
            {
                w.Expired = false;
                continue;
            }

            w.Client.WatchTouched = true;
        }
    }
}
