namespace ActorReplication.Cache.Keyspace;

/// <summary>What the keyspace table holds per key: the value plus its LRU clock and its place in the expires index.</summary>
public struct KeyEntry
{
    /// <summary><c>byte[]</c> (string), <see cref="ListValue"/>, <see cref="HashValue"/>, <see cref="SetValue"/> or <see cref="SortedSetValue"/>.</summary>
    public object Value;

    /// <summary>Milliseconds since the keyspace's LRU epoch at the last access (wraps after ~49 days; idle times use unsigned differences).</summary>
    public uint Lru;

    /// <summary>Index into the database's expires arrays, or -1 when the key has no expiry.</summary>
    public int ExpireIndex;
}

/// <summary>
/// One numbered database: a stable-slot table of keys, plus a dense index of the keys that have an expiry
/// (absolute unix ms), as Redis keeps a separate <c>expires</c> dict so that keys without a TTL pay nothing for it.
/// </summary>
public sealed class Database
{
    private long[] _expireAt = new long[8];
    private int[] _expireSlot = new int[8];
    private int _expireCount;
    private Int128 _expireSum;

    public Database(int id, int initialCapacity = 16)
    {
        Id = id;
        Keys = new ByteTable<KeyEntry>(initialCapacity);
    }

    public int Id { get; }

    /// <summary>Told before changes to this database's keys (a snapshot walk in progress); set through <see cref="KeyspaceEngine.WriteObserver"/>.</summary>
    internal IKeyspaceWriteObserver? Observer { get; set; }

    /// <summary>Set while a client WATCHes a key of this database: changes to keys are reported to it.</summary>
    internal Transactions.WatchedKeys? Watches { get; set; }

    public ByteTable<KeyEntry> Keys { get; private set; }

    public int Count => Keys.Count;

    public int ExpiresCount => _expireCount;

    /// <summary>Bytes of the key table and expires index structures plus key arrays (values are accounted by the keyspace).</summary>
    public long StructureBytes => Keys.MemoryBytes + 32L + _expireAt.Length * 12L;

    public int Find(ReadOnlySpan<byte> key) => Keys.Find(key);

    public ref KeyEntry EntryAt(int slot) => ref Keys.ValueAt(slot);

    public byte[] KeyAt(int slot) => Keys.KeyAt(slot)!;

    /// <summary>Absolute unix ms expiry of the key in a slot, or -1.</summary>
    public long GetExpire(int slot)
    {
        int i = Keys.ValueAt(slot).ExpireIndex;
        return i < 0 ? -1 : _expireAt[i];
    }

    public void SetExpire(int slot, long whenMs)
    {
        Observer?.BeforeKeyChange(this, slot);
        Watches?.NoteChanged(this, Keys.KeyAt(slot));
        ref KeyEntry e = ref Keys.ValueAt(slot);
        if (e.ExpireIndex >= 0)
        {
            _expireSum += whenMs - _expireAt[e.ExpireIndex];
            _expireAt[e.ExpireIndex] = whenMs;
            return;
        }

        if (_expireCount == _expireAt.Length)
        {
            Array.Resize(ref _expireAt, _expireAt.Length * 2);
            Array.Resize(ref _expireSlot, _expireSlot.Length * 2);
        }

        _expireAt[_expireCount] = whenMs;
        _expireSlot[_expireCount] = slot;
        e.ExpireIndex = _expireCount;
        _expireCount++;
        _expireSum += whenMs;
    }

    /// <summary>Removes the key's expiry; returns false when it had none.</summary>
    public bool RemoveExpire(int slot)
    {
        ref KeyEntry e = ref Keys.ValueAt(slot);
        int i = e.ExpireIndex;
        if (i < 0)
        {
            return false;
        }

        Observer?.BeforeKeyChange(this, slot);
        Watches?.NoteChanged(this, Keys.KeyAt(slot));

        _expireSum -= _expireAt[i];
        int last = _expireCount - 1;
        if (i != last)
        {
            _expireAt[i] = _expireAt[last];
            _expireSlot[i] = _expireSlot[last];
            Keys.ValueAt(_expireSlot[i]).ExpireIndex = i;
        }

        _expireCount--;
        e.ExpireIndex = -1;
        if (_expireCount == 0 && _expireAt.Length > 1024)
        {
            _expireAt = new long[8];
            _expireSlot = new int[8];
        }

        return true;
    }

    /// <summary>Adds a key known to be absent; returns its slot.</summary>
    public int Add(ReadOnlySpan<byte> key, object value, uint lru)
    {
        int slot = Keys.AddNew(key, new KeyEntry { Value = value, Lru = lru, ExpireIndex = -1 });
        Observer?.AfterKeyAdded(this, slot);
        Watches?.NoteChanged(this, key);
        return slot;
    }

    public int Add(byte[] key, object value, uint lru)
    {
        int slot = Keys.AddNew(key, new KeyEntry { Value = value, Lru = lru, ExpireIndex = -1 });
        Observer?.AfterKeyAdded(this, slot);
        Watches?.NoteChanged(this, key);
        return slot;
    }

    /// <summary>Removes the key in a slot with its expiry; returns the value it held.</summary>
    public object RemoveAt(int slot)
    {
        Observer?.BeforeKeyChange(this, slot);
        Watches?.NoteChanged(this, Keys.KeyAt(slot));
        RemoveExpire(slot);
        object value = Keys.ValueAt(slot).Value;
        Keys.RemoveAt(slot);
        return value;
    }

    public void Clear()
    {
        Observer?.BeforeClear(this);
        Keys.Clear();
        _expireAt = new long[8];
        _expireSlot = new int[8];
        _expireCount = 0;
        _expireSum = 0;
    }

    /// <summary>Swaps the whole contents with another database (SWAPDB-style; used by tests and tooling).</summary>
    internal void SwapContents(Database other)
    {
        (Keys, other.Keys) = (other.Keys, Keys);
        (_expireAt, other._expireAt) = (other._expireAt, _expireAt);
        (_expireSlot, other._expireSlot) = (other._expireSlot, _expireSlot);
        (_expireCount, other._expireCount) = (other._expireCount, _expireCount);
        (_expireSum, other._expireSum) = (other._expireSum, _expireSum);
    }

    /// <summary>The i-th entry of the expires index (0 &lt;= i &lt; ExpiresCount): its key slot and absolute expiry.</summary>
    public int ExpireSlotAt(int i) => _expireSlot[i];

    public long ExpireAtIndex(int i) => _expireAt[i];

    /// <summary>Average remaining TTL in ms of keys with an expiry (0 when none), as INFO keyspace's avg_ttl.</summary>
    public long AverageTtl(long nowMs)
    {
        if (_expireCount == 0)
        {
            return 0;
        }

        long avg = (long)(_expireSum / _expireCount) - nowMs;
        return avg < 0 ? 0 : avg;
    }
}
