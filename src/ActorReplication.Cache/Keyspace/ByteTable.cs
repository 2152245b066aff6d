using System.Runtime.CompilerServices;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// A chained hash table keyed by byte content with <b>stable slots</b>: an entry keeps its slot index for its whole
/// life (growth copies the slot array as is; freed slots are reused by later additions), which gives
/// <list type="bullet">
/// <item>SCAN cursors that are simply slot indexes: anything present for a whole scan is returned, whatever is added or
/// removed meanwhile, because its slot never moves;</item>
/// <item>O(1) random sampling (RANDOMKEY, eviction, SPOP) by picking random slots;</item>
/// <item>lookups by <see cref="ReadOnlySpan{T}"/> without allocating a key.</item>
/// </list>
/// Single-threaded. The table never shrinks while it holds entries (a shrink would move slots); it resets when emptied.
/// </summary>
public class ByteTable<TValue>
{
    internal struct Entry
    {
        public byte[]? Key;   // null = free slot
        public TValue Value;
        public int Hash;
        public int Next;      // chain link, or free-list link for free slots
    }

    private const int MinCapacity = 4;

    private int[] _buckets;      // slot + 1; 0 = empty bucket
    private Entry[] _entries;
    private int _used;           // high-water mark of slots ever used since the last reset
    private int _count;
    private int _freeList = -1;
    private long _keyBytes;      // sum of ArrayCost(key) of live keys
    private readonly int _initialCapacity;

    public ByteTable(int capacity = MinCapacity)
    {
        _initialCapacity = (int)Math.Max(MinCapacity, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, capacity)));
        _buckets = new int[_initialCapacity];
        _entries = new Entry[_initialCapacity];
    }

    public int Count => _count;

    /// <summary>Slots 0..SlotLimit-1 may hold entries; a scan visits them in order.</summary>
    public int SlotLimit => _used;

    public int Capacity => _entries.Length;

    /// <summary>Approximate bytes of the table structure (bucket and slot arrays) plus the live keys' arrays.</summary>
    public long MemoryBytes => StructureBytes + _keyBytes;

    public long StructureBytes => 48L + _entries.Length * ((long)Unsafe.SizeOf<Entry>() + sizeof(int));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ArrayCost(int length) => 24L + ((length + 7) & ~7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<byte> key)
    {
        int h = ByteHash.Hash(key);
        Entry[] entries = _entries;
        int i = _buckets[h & (_buckets.Length - 1)] - 1;
        while ((uint)i < (uint)entries.Length)
        {
            ref Entry e = ref entries[i];
            if (e.Hash == h && key.SequenceEqual(e.Key))
            {
                return i;
            }

            i = e.Next;
        }

        return -1;
    }

    public bool ContainsKey(ReadOnlySpan<byte> key) => Find(key) >= 0;

    public bool TryGetValue(ReadOnlySpan<byte> key, out TValue value)
    {
        int i = Find(key);
        if (i < 0)
        {
            value = default!;
            return false;
        }

        value = _entries[i].Value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue ValueAt(int slot) => ref _entries[slot].Value;

    /// <summary>The key in a slot, or null when the slot is free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte[]? KeyAt(int slot) => _entries[slot].Key;

    /// <summary>Adds a key known to be absent (copies it from the span) and returns its slot.</summary>
    public int AddNew(ReadOnlySpan<byte> key, TValue value) => AddNew(key.ToArray(), ByteHash.Hash(key), value);

    /// <summary>Adds a key known to be absent, taking ownership of the array, and returns its slot.</summary>
    public int AddNew(byte[] key, TValue value) => AddNew(key, ByteHash.Hash(key), value);

    private int AddNew(byte[] key, int hash, TValue value)
    {
        int slot;
        if (_freeList >= 0)
        {
            slot = _freeList;
            _freeList = _entries[slot].Next;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Grow();
            }

            slot = _used++;
        }

        ref Entry e = ref _entries[slot];
        e.Key = key;
        e.Value = value;
        e.Hash = hash;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        e.Next = bucket - 1;
        bucket = slot + 1;
        _count++;
        _keyBytes += ArrayCost(key.Length);
        return slot;
    }

    /// <summary>Finds the key or adds it with a default value; <paramref name="added"/> tells which.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> key, out bool added)
    {
        int i = Find(key);
        if (i >= 0)
        {
            added = false;
            return i;
        }

        added = true;
        return AddNew(key, default!);
    }

    /// <summary>Sets the value for a key, adding it if absent. Returns true when it was added.</summary>
    public bool Set(ReadOnlySpan<byte> key, TValue value)
    {
        int i = FindOrAdd(key, out bool added);
        _entries[i].Value = value;
        return added;
    }

    public bool Remove(ReadOnlySpan<byte> key)
    {
        int i = Find(key);
        if (i < 0)
        {
            return false;
        }

        RemoveAt(i);
        return true;
    }

    public bool Remove(ReadOnlySpan<byte> key, out TValue value)
    {
        int i = Find(key);
        if (i < 0)
        {
            value = default!;
            return false;
        }

        value = _entries[i].Value;
        RemoveAt(i);
        return true;
    }

    /// <summary>Frees an occupied slot.</summary>
    public void RemoveAt(int slot)
    {
        ref Entry e = ref _entries[slot];
        if (e.Key is null)
        {
            throw new InvalidOperationException("slot is free");
        }

        int b = e.Hash & (_buckets.Length - 1);
        int i = _buckets[b] - 1;
        int prev = -1;
        while (i != slot)
        {
            prev = i;
            i = _entries[i].Next;
        }

        if (prev < 0)
        {
            _buckets[b] = e.Next + 1;
        }
        else
        {
            _entries[prev].Next = e.Next;
        }

        _keyBytes -= ArrayCost(e.Key.Length);
        e.Key = null;
        e.Value = default!;
        e.Hash = 0;
        e.Next = _freeList;
        _freeList = slot;
        _count--;
        if (_count == 0)
        {
            Reset();
        }
    }

    public void Clear()
    {
        _buckets = new int[_initialCapacity];
        _entries = new Entry[_initialCapacity];
        _used = 0;
        _count = 0;
        _freeList = -1;
        _keyBytes = 0;
    }

    private void Reset()
    {
        if (_entries.Length > _initialCapacity * 4)
        {
            Clear();
            return;
        }

        Array.Clear(_buckets);
        Array.Clear(_entries, 0, _used);
        _used = 0;
        _freeList = -1;
        _keyBytes = 0;
    }

    /// <summary>Reserves room for <paramref name="count"/> entries in total.</summary>
    public void EnsureCapacity(int count)
    {
        while (_entries.Length < count)
        {
            Grow();
        }
    }

    private void Grow()
    {
        int newSize = _entries.Length * 2;
        Array.Resize(ref _entries, newSize);
        int[] buckets = new int[newSize];
        int mask = newSize - 1;
        Entry[] entries = _entries;
        for (int i = 0; i < _used; i++)
        {
            ref Entry e = ref entries[i];
            if (e.Key is null)
            {
                continue;
            }

            ref int bucket = ref buckets[e.Hash & mask];
            e.Next = bucket - 1;
            bucket = i + 1;
        }

        _buckets = buckets;
    }

    /// <summary>A uniformly random occupied slot (or -1 when empty).</summary>
    public int RandomSlot(Random rng)
    {
        if (_count == 0)
        {
            return -1;
        }

        for (int attempt = 0; attempt < 32; attempt++)
        {
            int i = rng.Next(_used);
            if (_entries[i].Key is not null)
            {
                return i;
            }
        }

        // Sparse table: walk from a random point.
        int start = rng.Next(_used);
        for (int k = 0; k < _used; k++)
        {
            int i = start + k;
            if (i >= _used)
            {
                i -= _used;
            }

            if (_entries[i].Key is not null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The next occupied slot at or after <paramref name="slot"/>, or -1.</summary>
    public int NextOccupied(int slot)
    {
        for (int i = Math.Max(0, slot); i < _used; i++)
        {
            if (_entries[i].Key is not null)
            {
                return i;
            }
        }

        return -1;
    }
}
