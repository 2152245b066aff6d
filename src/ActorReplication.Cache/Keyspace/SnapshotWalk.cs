using System.Runtime.CompilerServices;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// A point-in-time snapshot of a live keyspace without stopping it and without copying it. The walk visits each
/// database's stable slots in order, a slice at a time, between commands. While it runs it observes every write
/// (<see cref="IKeyspaceWriteObserver"/>): before a key in a slot the walk has not reached yet is changed or removed,
/// the key is serialized with its old value and expiry and its slot is marked done; a key added into such a slot is
/// marked done too (it did not exist at the snapshot point). The walk skips done slots. So every key present when
/// <see cref="Begin"/> ran is written exactly once with its value at that moment, and nothing else is, whatever
/// the commands do meanwhile. Extra memory: the done-slot marks and serialized old values of keys written during
/// the walk, never a copy of the dataset. (Dragonfly versions whole buckets for the same purpose; stable slots let
/// us mark single slots.)
/// <para>Single-threaded: all calls on the keyspace's owner thread.</para>
/// </summary>
public sealed class SnapshotWalk : IKeyspaceWriteObserver
{
    private readonly int _chunkBytes;
    private readonly int _slotsPerSlice;
    private readonly SnapshotBuffer _out;
    private KeyspaceEngine? _engine;
    private int[] _cursor = [];
    private HashSet<int>[] _done = [];
    private int _db;

    /// <param name="id">The caller's identifier for this snapshot.</param>
    /// <param name="chunkBytes">A slice stops once it has produced this many bytes.</param>
    /// <param name="slotsPerSlice">A slice stops after visiting this many slots (bounds its time on sparse tables).</param>
    public SnapshotWalk(long id, int chunkBytes = 64 * 1024, int slotsPerSlice = 16 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotsPerSlice);
        Id = id;
        _chunkBytes = chunkBytes;
        _slotsPerSlice = slotsPerSlice;
        _out = new SnapshotBuffer(Math.Min(chunkBytes * 2, 1 << 20));
    }

    public long Id { get; }

    /// <summary>Entry records produced so far (each key present at the snapshot point counts once).</summary>
    public long KeysWritten { get; private set; }

    /// <summary>Keys serialized ahead of the walk because a write was about to change them.</summary>
    public long KeysWrittenAhead { get; private set; }

    /// <summary>Slots currently marked done ahead of the walk (the walk's extra memory, with <see cref="PendingBytes"/>).</summary>
    public int SlotsMarkedAhead
    {
        get
        {
            int n = 0;
            foreach (HashSet<int> s in _done)
            {
                n += s.Count;
            }

            return n;
        }
    }

    /// <summary>Serialized bytes waiting for the next slice.</summary>
    public int PendingBytes => _out.Length;

    /// <summary>Largest <see cref="PendingBytes"/> seen at the start of a slice.</summary>
    public int MaxPendingBytes { get; private set; }

    public bool IsRunning => _engine is not null;

    public bool IsComplete { get; private set; }

    /// <summary>Takes the snapshot point: from now on writes are observed. Installs itself as the engine's observer.</summary>
    public void Begin(KeyspaceEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (_engine is not null || IsComplete)
        {
            throw new InvalidOperationException("a snapshot walk runs once");
        }

        if (engine.WriteObserver is not null)
        {
            throw new InvalidOperationException("another snapshot walk is already observing this keyspace");
        }

        _engine = engine;
        _cursor = new int[engine.DatabaseCount];
        _done = new HashSet<int>[engine.DatabaseCount];
        for (int i = 0; i < _done.Length; i++)
        {
            _done[i] = [];
        }

        _db = 0;
        engine.WriteObserver = this;
    }

    /// <summary>
    /// Walks on until a chunk's worth of bytes or the slot budget, and returns what was produced since the last slice
    /// (old values written ahead included). <paramref name="done"/> is true when the whole keyspace has been visited;
    /// the walk then stops observing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] RunSlice(out bool done)
    {
        KeyspaceEngine engine = _engine ?? throw new InvalidOperationException("the walk is not running");
        MaxPendingBytes = Math.Max(MaxPendingBytes, _out.Length);
        int budget = _slotsPerSlice;
        while (_db < _cursor.Length && budget > 0 && _out.Length < _chunkBytes)
        {
            Database db = engine.GetDatabase(_db);
            ByteTable<KeyEntry> keys = db.Keys;
            HashSet<int> marked = _done[_db];
            int limit = keys.SlotLimit;
            while (_cursor[_db] < limit && budget > 0 && _out.Length < _chunkBytes)
            {
                int slot = _cursor[_db]++;
                budget--;
                if (marked.Count > 0 && marked.Remove(slot))
                {
                    continue;
                }

                if (keys.KeyAt(slot) is not null)
                {
                    Write(db, slot);
                }
            }

            if (_cursor[_db] >= limit)
            {
                _cursor[_db] = int.MaxValue;
                marked.Clear();
                marked.TrimExcess();
                _db++;
            }
        }

        done = _db >= _cursor.Length;
        if (done)
        {
            Stop();
            IsComplete = true;
        }

        return _out.Take(Math.Min(_chunkBytes * 2, 1 << 20));
    }

    /// <summary>Stops observing without finishing (the snapshot was abandoned).</summary>
    public void Abort() => Stop();

    private void Stop()
    {
        if (_engine is not null && ReferenceEquals(_engine.WriteObserver, this))
        {
            _engine.WriteObserver = null;
        }

        _engine = null;
    }

    void IKeyspaceWriteObserver.BeforeKeyChange(Database db, int slot)
    {
        if (slot >= _cursor[db.Id] && _done[db.Id].Add(slot))
        {
            Write(db, slot);
            KeysWrittenAhead++;
        }
    }

    void IKeyspaceWriteObserver.AfterKeyAdded(Database db, int slot)
    {
        if (slot >= _cursor[db.Id])
        {
            _done[db.Id].Add(slot);
        }
    }

    void IKeyspaceWriteObserver.BeforeClear(Database db)
    {
        int id = db.Id;
        HashSet<int> marked = _done[id];
        ByteTable<KeyEntry> keys = db.Keys;
        for (int slot = _cursor[id]; slot < keys.SlotLimit; slot++)
        {
            if (keys.KeyAt(slot) is not null && !marked.Contains(slot))
            {
                Write(db, slot);
                KeysWrittenAhead++;
            }
        }

        // Whatever the database holds from now on came after the snapshot point.
        _cursor[id] = int.MaxValue;
        marked.Clear();
    }

    private void Write(Database db, int slot)
    {
        SnapshotFormat.WriteEntry(_out, db.Id, db.KeyAt(slot), db.EntryAt(slot).Value, db.GetExpire(slot));
        KeysWritten++;
    }
}
