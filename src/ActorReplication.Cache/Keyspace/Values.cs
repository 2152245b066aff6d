namespace ActorReplication.Cache.Keyspace;

/// <summary>Redis value types, in the order of Redis's OBJ_* type codes (used by the digest).</summary>
public enum ValueType
{
    None = -1,
    String = 0,
    List = 1,
    Set = 2,
    ZSet = 3,
    Hash = 4,
}

/// <summary>Type names and memory estimates of stored values (<c>byte[]</c> string, <see cref="ListValue"/>, <see cref="HashValue"/>, <see cref="SetValue"/>).</summary>
public static class Values
{
    public static ValueType TypeOf(object value) => value switch
    {
        byte[] => ValueType.String,
        ListValue => ValueType.List,
        HashValue => ValueType.Hash,
        SetValue => ValueType.Set,
        SortedSetValue => ValueType.ZSet,
        _ => throw new InvalidOperationException("unknown value type " + value.GetType()),
    };

    public static ReadOnlySpan<byte> TypeName(ValueType t) => t switch
    {
        ValueType.String => "string"u8,
        ValueType.List => "list"u8,
        ValueType.Set => "set"u8,
        ValueType.ZSet => "zset"u8,
        ValueType.Hash => "hash"u8,
        _ => "none"u8,
    };

    /// <summary>Approximate heap bytes held by a value (O(1): containers keep running totals).</summary>
    public static long MemoryOf(object value) => value switch
    {
        byte[] s => ByteTable<byte>.ArrayCost(s.Length),
        ListValue l => l.MemoryBytes,
        HashValue h => h.MemoryBytes,
        SetValue s => s.MemoryBytes,
        SortedSetValue z => z.MemoryBytes,
        _ => 0,
    };
}

/// <summary>A Redis list: a growable circular deque of byte arrays; push/pop at both ends O(1), index O(1).</summary>
public sealed class ListValue
{
    private byte[][] _items;
    private int _head;
    private int _count;
    private long _payloadBytes;

    public ListValue(int capacity = 4)
    {
        _items = new byte[Math.Max(4, capacity)][];
    }

    public int Count => _count;

    public long MemoryBytes => 48L + 24L + 8L * _items.Length + _payloadBytes;

    public byte[] this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return _items[Physical(index)];
        }
        set
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            ref byte[] slot = ref _items[Physical(index)];
            _payloadBytes += ByteTable<byte>.ArrayCost(value.Length) - ByteTable<byte>.ArrayCost(slot.Length);
            slot = value;
        }
    }

    private int Physical(int index)
    {
        int i = _head + index;
        return i >= _items.Length ? i - _items.Length : i;
    }

    public void PushBack(byte[] item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[Physical(_count)] = item;
        _count++;
        _payloadBytes += ByteTable<byte>.ArrayCost(item.Length);
    }

    public void PushFront(byte[] item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = item;
        _count++;
        _payloadBytes += ByteTable<byte>.ArrayCost(item.Length);
    }

    public byte[] PopFront()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("empty list");
        }

        byte[] item = _items[_head];
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        _count--;
        _payloadBytes -= ByteTable<byte>.ArrayCost(item.Length);
        MaybeShrink();
        return item;
    }

    public byte[] PopBack()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("empty list");
        }

        int i = Physical(_count - 1);
        byte[] item = _items[i];
        _items[i] = null!;
        _count--;
        _payloadBytes -= ByteTable<byte>.ArrayCost(item.Length);
        MaybeShrink();
        return item;
    }

    /// <summary>Keeps only the elements [start, end] (inclusive, already clamped, start &lt;= end).</summary>
    public void Trim(int start, int end)
    {
        int newCount = end - start + 1;
        var items = new byte[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, newCount)))][];
        long payload = 0;
        for (int k = 0; k < newCount; k++)
        {
            byte[] item = _items[Physical(start + k)];
            items[k] = item;
            payload += ByteTable<byte>.ArrayCost(item.Length);
        }

        _items = items;
        _head = 0;
        _count = newCount;
        _payloadBytes = payload;
    }

    /// <summary>LREM semantics: count &gt; 0 from the head, &lt; 0 from the tail, 0 all. Returns how many were removed.</summary>
    public int RemoveMatches(ReadOnlySpan<byte> element, long count)
    {
        long limit = count == 0 ? long.MaxValue : Math.Abs(count);
        bool fromTail = count < 0;
        var keep = new bool[_count];
        int removed = 0;
        for (int k = 0; k < _count; k++)
        {
            int index = fromTail ? _count - 1 - k : k;
            if (removed < limit && element.SequenceEqual(_items[Physical(index)]))
            {
                removed++;
            }
            else
            {
                keep[index] = true;
            }
        }

        if (removed == 0)
        {
            return 0;
        }

        int newCount = _count - removed;
        var items = new byte[Math.Max(4, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, newCount)))][];
        long payload = 0;
        int j = 0;
        for (int k = 0; k < _count; k++)
        {
            if (keep[k])
            {
                byte[] item = _items[Physical(k)];
                items[j++] = item;
                payload += ByteTable<byte>.ArrayCost(item.Length);
            }
        }

        _items = items;
        _head = 0;
        _count = newCount;
        _payloadBytes = payload;
        return removed;
    }

    private void Grow()
    {
        var items = new byte[_items.Length * 2][];
        for (int k = 0; k < _count; k++)
        {
            items[k] = _items[Physical(k)];
        }

        _items = items;
        _head = 0;
    }

    private void MaybeShrink()
    {
        if (_items.Length > 64 && _count < _items.Length / 4)
        {
            var items = new byte[_items.Length / 2][];
            for (int k = 0; k < _count; k++)
            {
                items[k] = _items[Physical(k)];
            }

            _items = items;
            _head = 0;
        }
    }
}

/// <summary>A Redis hash: field → value, on a stable-slot table (HSCAN cursors are slots). Mutate only through these methods.</summary>
public sealed class HashValue : ByteTable<byte[]>
{
    private long _valueBytes;

    public HashValue(int capacity = 4)
        : base(capacity)
    {
    }

    public new long MemoryBytes => 24L + base.MemoryBytes + _valueBytes;

    /// <summary>Sets a field (copying the value); returns true when the field is new.</summary>
    public bool SetField(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value) => SetField(field, value.ToArray());

    public bool SetField(ReadOnlySpan<byte> field, byte[] value)
    {
        int slot = FindOrAdd(field, out bool added);
        ref byte[] v = ref ValueAt(slot);
        if (!added)
        {
            _valueBytes -= ArrayCost(v.Length);
        }

        v = value;
        _valueBytes += ArrayCost(value.Length);
        return added;
    }

    public bool RemoveField(ReadOnlySpan<byte> field)
    {
        if (!Remove(field, out byte[] old))
        {
            return false;
        }

        _valueBytes -= ArrayCost(old.Length);
        return true;
    }
}

/// <summary>A Redis set of byte strings on a stable-slot table (SSCAN cursors are slots, SPOP/SRANDMEMBER sample slots).</summary>
public sealed class SetValue : ByteTable<byte>
{
    public SetValue(int capacity = 4)
        : base(capacity)
    {
    }

    public new long MemoryBytes => 24L + base.MemoryBytes;

    public bool Add(ReadOnlySpan<byte> member)
    {
        FindOrAdd(member, out bool added);
        return added;
    }
}
