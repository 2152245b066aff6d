using System.Runtime.CompilerServices;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// The keyspace: numbered databases of Redis values, lazy and active expiry, maxmemory eviction, the dataset digest,
/// and the replication effect stream. Single-threaded by design: one owner (an actor) calls it one command at a time.
/// Commands enter through <see cref="Execute"/> (see KeyspaceEngine.Execute.cs); the command families live in
/// <c>ActorReplication.Cache.Commands</c>.
/// </summary>
public sealed partial class KeyspaceEngine
{
    private readonly Database[] _dbs;
    private readonly IClock _clock;
    private readonly long _lruEpoch;
    private long _valueBytes;
    private int _lastEffectsDb = -1;
    private int _expireDbCursor;
    private IKeyspaceWriteObserver? _observer;
    private bool _commandIsWrite;

    public KeyspaceEngine(KeyspaceSettings settings, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        if (settings.Databases < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "databases must be at least 1");
        }

        Settings = settings;
        _clock = clock;
        Random = settings.RandomSeed is int seed ? new Random(seed) : new Random();
        _dbs = new Database[settings.Databases];
        for (int i = 0; i < _dbs.Length; i++)
        {
            _dbs[i] = new Database(i);
        }

        _watched = new Transactions.WatchedKeys(_dbs.Length);

        Now = clock.UnixTimeMilliseconds;
        _lruEpoch = Now;
    }

    public KeyspaceSettings Settings { get; }

    public KeyspaceStats Stats { get; } = new();

    public int DatabaseCount => _dbs.Length;

    public Database GetDatabase(int index) => _dbs[index];

    public IClock Clock => _clock;

    /// <summary>
    /// Told before every change to a key (see <see cref="IKeyspaceWriteObserver"/>); a snapshot walk installs itself here
    /// for its duration. Null (the normal case) costs one null check per write.
    /// </summary>
    public IKeyspaceWriteObserver? WriteObserver
    {
        get => _observer;
        set
        {
            _observer = value;
            foreach (Database db in _dbs)
            {
                db.Observer = value;
            }
        }
    }

    internal Random Random { get; }

    // ---- per-command state (set by Execute) ----

    /// <summary>The command's time snapshot (unix ms), read once per command as Redis does.</summary>
    internal long Now;

    internal uint LruNow;

    internal RespWriter? Effects;

    internal ClientSession Session = new();

    /// <summary>True while applying commands whose keys must not be treated as expired (the master link).</summary>
    private bool NoExpiry => Session.IsMasterLink;

    /// <summary>Reads the clock into the command time snapshot.</summary>
    internal void Tick()
    {
        Now = _clock.UnixTimeMilliseconds;
        LruNow = (uint)(Now - _lruEpoch);
    }

    // ---- memory ----

    /// <summary>Estimated bytes held by the dataset: table structures, keys, values and expiry index (Redis <c>used_memory</c>-like).</summary>
    public long UsedMemory
    {
        get
        {
            long total = _valueBytes + 1024;
            foreach (Database db in _dbs)
            {
                total += db.StructureBytes;
            }

            return total;
        }
    }

    /// <summary>Recomputes <see cref="UsedMemory"/> from scratch (tests compare it with the incremental figure).</summary>
    public long RecomputeUsedMemory()
    {
        long total = 1024;
        foreach (Database db in _dbs)
        {
            total += db.StructureBytes;
            for (int s = 0; s < db.Keys.SlotLimit; s++)
            {
                if (db.Keys.KeyAt(s) is not null)
                {
                    total += Values.MemoryOf(db.EntryAt(s).Value);
                }
            }
        }

        return total;
    }

    /// <summary>Commands mutating a container in place report its size change here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AdjustMemory(long delta) => _valueBytes += delta;

    // ---- stats for INFO ----

    /// <summary>One entry per non-empty database, for INFO keyspace.</summary>
    public IReadOnlyList<DatabaseInfo> GetKeyspaceInfo()
    {
        long now = _clock.UnixTimeMilliseconds;
        var list = new List<DatabaseInfo>();
        foreach (Database db in _dbs)
        {
            if (db.Count > 0)
            {
                list.Add(new DatabaseInfo(db.Id, db.Count, db.ExpiresCount, db.AverageTtl(now)));
            }
        }

        return list;
    }

    public long TotalKeys
    {
        get
        {
            long n = 0;
            foreach (Database db in _dbs)
            {
                n += db.Count;
            }

            return n;
        }
    }

    // ---- key access ----

    /// <summary>
    /// Looks a key up for reading: expired keys are deleted (master, DEL propagated) or hidden (replica); counts
    /// keyspace hits/misses and touches the LRU clock. Returns the slot or -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int LookupRead(Database db, ReadOnlySpan<byte> key)
    {
        int slot = LookupCore(db, key, forWrite: false);
        if (slot >= 0)
        {
            Stats.KeyspaceHits++;
        }
        else
        {
            Stats.KeyspaceMisses++;
        }

        return slot;
    }

    /// <summary>Looks a key up for writing (no hit/miss accounting). Returns the slot or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Lookup(Database db, ReadOnlySpan<byte> key) => LookupCore(db, key, forWrite: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LookupCore(Database db, ReadOnlySpan<byte> key, bool forWrite)
    {
        int slot = db.Find(key);
        if (slot < 0)
        {
            return -1;
        }

        // A write command may change any key it looks up, even through a read lookup (GETSET, GETEX): the observer
        // sees the old value first.
        if (_observer is not null && (forWrite || _commandIsWrite))
        {
            _observer.BeforeKeyChange(db, slot);
        }

        ref KeyEntry e = ref db.EntryAt(slot);
        if (e.ExpireIndex >= 0 && ExpireIfNeeded(db, slot, forWrite))
        {
            return -1;
        }

        if (forWrite && db.Watches is not null)
        {
            db.Watches.NoteLookedUp(db, key);
        }

        e.Lru = LruNow;
        return slot;
    }

    /// <summary>True when a client must not see the key in a slot (logically expired), without deleting it (KEYS, SCAN, RANDOMKEY).</summary>
    internal bool IsHidden(Database db, int slot)
    {
        if (NoExpiry)
        {
            return false;
        }

        long when = db.GetExpire(slot);
        return when >= 0 && when < Now;
    }

    /// <summary>
    /// Redis checkAlreadyExpired: an absolute expiry at or before now deletes the key at once, except when applying the
    /// master's stream or on a replica (there the key is stored with its past expiry and the master's DEL removes it).
    /// </summary>
    internal bool IsAlreadyExpired(long whenMs) => whenMs <= Now && !NoExpiry && !Settings.IsReplica;

    /// <summary>DEBUG DIGEST of the whole dataset as 40 lower-case hex characters ("000…0" when empty).</summary>
    public string ComputeDigest()
    {
        Span<byte> digest = stackalloc byte[Digest.Size];
        Digest.Compute(this, digest);
        return Digest.ToHex(digest);
    }

    /// <summary>Returns true when the key is logically expired (and then deletes it on a master, or on a replica for a write).</summary>
    private bool ExpireIfNeeded(Database db, int slot, bool forWrite)
    {
        if (NoExpiry)
        {
            return false;
        }

        long when = db.GetExpire(slot);
        if (when < 0 || when >= Now)
        {
            return false;
        }

        if (!Settings.IsReplica && (!Settings.WritesPaused || forWrite))
        {
            DeleteAndPropagate(db, slot);
            Stats.ExpiredKeys++;
        }
        else if (forWrite)
        {
            // A client writing on a (writable) replica: the stale key is dropped locally so the write starts afresh;
            // nothing is propagated (the master will send its own DEL, which then finds nothing).
            RemoveKey(db, slot);
        }

        return true;
    }

    /// <summary>Deletes a key and emits <c>DEL key</c> (expiry and eviction).</summary>
    private void DeleteAndPropagate(Database db, int slot)
    {
        if (Effects is not null)
        {
            EffectBegin(db.Id, 2);
            EffectArg("DEL"u8);
            EffectArg(db.KeyAt(slot));
        }

        RemoveKey(db, slot);
    }

    internal int AddKey(Database db, ReadOnlySpan<byte> key, object value)
    {
        _valueBytes += Values.MemoryOf(value);
        SignalIfWaited(db, key, value);
        return db.Add(key, value, LruNow);
    }

    internal int AddKey(Database db, byte[] key, object value)
    {
        _valueBytes += Values.MemoryOf(value);
        SignalIfWaited(db, key, value);
        return db.Add(key, value, LruNow);
    }

    internal void RemoveKey(Database db, int slot)
    {
        _valueBytes -= Values.MemoryOf(db.EntryAt(slot).Value);
        db.RemoveAt(slot);
    }

    /// <summary>Replaces a key's value (the expiry is untouched).</summary>
    internal void ReplaceValue(Database db, int slot, object value)
    {
        _observer?.BeforeKeyChange(db, slot);
        db.Watches?.NoteChanged(db, db.KeyAt(slot));
        ref KeyEntry e = ref db.EntryAt(slot);
        _valueBytes += Values.MemoryOf(value) - Values.MemoryOf(e.Value);
        e.Value = value;
    }

    /// <summary>Removes every key of one database (FLUSHDB).</summary>
    internal void FlushDatabase(Database db)
    {
        _watched.TouchAllInDb(db, null, _clock.UnixTimeMilliseconds);
        for (int s = 0; s < db.Keys.SlotLimit; s++)
        {
            if (db.Keys.KeyAt(s) is not null)
            {
                _valueBytes -= Values.MemoryOf(db.EntryAt(s).Value);
            }
        }

        db.Clear();
    }

    /// <summary>Removes every key of every database (FLUSHALL); also used to reset a replica before a full sync.</summary>
    public void FlushAll()
    {
        foreach (Database db in _dbs)
        {
            _watched.TouchAllInDb(db, null, _clock.UnixTimeMilliseconds);
            db.Clear();
        }

        _valueBytes = 0;
    }

    /// <summary>
    /// Adds a key with its value and absolute expiry (-1 = none) as a snapshot loader does: no expiry check, no effect,
    /// no eviction. Fails when the key already exists in that database.
    /// </summary>
    public void RestoreKey(int dbIndex, byte[] key, object value, long expireAtMs)
    {
        if (!TryRestoreKey(dbIndex, key, value, expireAtMs))
        {
            throw new InvalidOperationException("the key already exists");
        }
    }

    /// <summary>As <see cref="RestoreKey"/>, but returns false (and adds nothing) when the key exists: one lookup per key for a loader.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRestoreKey(int dbIndex, byte[] key, object value, long expireAtMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if ((uint)dbIndex >= (uint)_dbs.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dbIndex), dbIndex, $"this keyspace has {_dbs.Length} databases");
        }

        _ = Values.TypeOf(value);
        Database db = _dbs[dbIndex];
        if (db.Find(key) >= 0)
        {
            return false;
        }

        int slot = AddKey(db, key, value);
        if (expireAtMs != -1)
        {
            db.SetExpire(slot, expireAtMs);
        }

        return true;
    }

    /// <summary>
    /// Exchanges the whole dataset (every database and the memory figure) with <paramref name="other"/>, in O(databases):
    /// a replica loads a snapshot into a fresh engine while this one serves reads, then swaps. Both must have the same
    /// number of databases and no <see cref="WriteObserver"/>.
    /// </summary>
    public void SwapDataset(KeyspaceEngine other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._dbs.Length != _dbs.Length)
        {
            throw new InvalidOperationException($"cannot swap a dataset of {other._dbs.Length} databases into a keyspace of {_dbs.Length}");
        }

        if (_observer is not null || other._observer is not null)
        {
            throw new InvalidOperationException("cannot swap datasets while a snapshot walk observes one of them");
        }

        long now = _clock.UnixTimeMilliseconds;
        for (int i = 0; i < _dbs.Length; i++)
        {
            _watched.TouchAllInDb(_dbs[i], other._dbs[i], now);
            _dbs[i].SwapContents(other._dbs[i]);
        }

        (_valueBytes, other._valueBytes) = (other._valueBytes, _valueBytes);
    }

    // ---- effects (replication stream) ----

    /// <summary>
    /// The database of the last effect written to the effects stream; an effect for another database is preceded by
    /// <c>SELECT n</c>. Set it to -1 (<see cref="ResetEffectsDatabase"/>) when the stream restarts (new replica,
    /// new backlog), so the next effect starts with a SELECT.
    /// </summary>
    public int LastEffectsDatabase
    {
        get => _lastEffectsDb;
        set => _lastEffectsDb = value;
    }

    public void ResetEffectsDatabase() => _lastEffectsDb = -1;

    internal bool HasEffects => Effects is not null;

    /// <summary>Effect commands written so far (SELECTs not counted): EXEC wraps two or more in MULTI/EXEC.</summary>
    public long EffectCount { get; private set; }

    /// <summary>Starts an effect command of <paramref name="argc"/> bulk strings for database <paramref name="db"/>.</summary>
    internal void EffectBegin(int db, int argc)
    {
        RespWriter w = Effects!;
        if (db >= 0 && db != _lastEffectsDb)
        {
            w.WriteArrayHeader(2);
            w.WriteBulkString("SELECT"u8);
            w.WriteBulkString(db);
            _lastEffectsDb = db;
        }

        EffectCount++;
        w.WriteArrayHeader(argc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EffectArg(ReadOnlySpan<byte> arg) => Effects!.WriteBulkString(arg);

    internal void EffectArg(long value) => Effects!.WriteBulkString(value);

    // ---- active expiry ----

    /// <summary>
    /// Redis-like active expiry: per database, sample 20 keys with an expiry, delete the expired ones (emitting
    /// <c>DEL</c> to <paramref name="effects"/>), and repeat while more than 25% of a sample had expired, until
    /// <paramref name="maxKeysSampled"/> keys have been looked at in total. Does nothing on a replica.
    /// Returns the number of keys expired.
    /// </summary>
    public int ActiveExpireCycle(RespWriter? effects, int maxKeysSampled = 2000)
    {
        if (Settings.IsReplica || Settings.WritesPaused || !Settings.ActiveExpire)
        {
            return 0;
        }

        BeginInternal(effects);
        int expired = 0;
        int sampled = 0;
        for (int n = 0; n < _dbs.Length && sampled < maxKeysSampled; n++)
        {
            Database db = _dbs[_expireDbCursor];
            _expireDbCursor = (_expireDbCursor + 1) % _dbs.Length;
            while (db.ExpiresCount > 0 && sampled < maxKeysSampled)
            {
                int batch = Math.Min(20, db.ExpiresCount);
                int batchExpired = 0;
                for (int k = 0; k < batch && db.ExpiresCount > 0; k++)
                {
                    int i = Random.Next(db.ExpiresCount);
                    sampled++;
                    if (db.ExpireAtIndex(i) < Now)
                    {
                        DeleteAndPropagate(db, db.ExpireSlotAt(i));
                        Stats.ExpiredKeys++;
                        batchExpired++;
                    }
                }

                expired += batchExpired;
                if (batchExpired * 4 <= batch)
                {
                    break;
                }
            }
        }

        EndInternal();
        return expired;
    }

    private void BeginInternal(RespWriter? effects)
    {
        Tick();
        Effects = effects;
        Session = InternalSession;
    }

    private void EndInternal()
    {
        Effects = null;
        _watched.Flush(commandChangedData: true);
    }

    private static readonly ClientSession InternalSession = new();
}
