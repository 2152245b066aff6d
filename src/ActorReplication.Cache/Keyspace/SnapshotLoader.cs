using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Reads a snapshot fed in chunks of any size into a keyspace (normally a fresh one, so that a failure leaves the live
/// data untouched). Each complete record is applied as soon as it has arrived; <see cref="Complete"/> then checks that
/// the end marker was seen. Any defect raises a <see cref="SnapshotFormatException"/> naming what is wrong and the byte
/// offset: bad magic, unsupported version, unknown record type, malformed or oversized record, a database out of
/// range, duplicate keys or members, a key count or CRC-64 that disagrees with the end marker, data after the end,
/// or a truncated snapshot. A snapshot that starts as an RDB file (a redis-server master's full sync) is held whole and
/// loaded by <see cref="Dump.RdbFile"/> at <see cref="Complete"/>.
/// </summary>
public sealed class SnapshotLoader
{
    private readonly KeyspaceEngine _target;
    private byte[] _pending = new byte[4096];
    private int _start;
    private int _end;
    private long _consumed;   // stream offset of _pending[_start]
    private Crc64 _crc = new();
    private bool _failed;
    private MemoryStream? _rdb; // a redis-server master's RDB file: held whole, loaded at Complete

    public SnapshotLoader(KeyspaceEngine target)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
    }

    /// <summary>The keyspace the records are loaded into.</summary>
    public KeyspaceEngine Target => _target;

    /// <summary>The header, once its bytes have arrived.</summary>
    public SnapshotHeader? Header { get; private set; }

    public long BytesReceived { get; private set; }

    public long Records { get; private set; }

    public long KeysLoaded { get; private set; }

    private readonly long[] _keysByType = new long[(int)SnapshotRecordType.SortedSet + 1];

    /// <summary>Keys loaded so far whose record is of <paramref name="type"/> (what check-snapshot prints).</summary>
    public long KeysOfType(SnapshotRecordType type) => (int)type < _keysByType.Length ? _keysByType[(int)type] : 0;

    /// <summary>True once the end marker has been read and checked.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Parses what <paramref name="chunk"/> completes. After an exception the loader accepts nothing more.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (_failed)
        {
            throw new InvalidOperationException("the snapshot already failed to load");
        }

        try
        {
            if (IsComplete && chunk.Length > 0)
            {
                throw Error($"{chunk.Length} bytes of data after the end marker", BytesReceived);
            }

            BytesReceived += chunk.Length;
            if (_rdb is null && Header is null && BytesReceived == chunk.Length && Dump.RdbFile.LooksLikeRdb(chunk))
            {
                _rdb = new MemoryStream();
            }

            if (_rdb is not null)
            {
                _rdb.Write(chunk);
                return;
            }

            Append(chunk);
            Parse();
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Declares the input finished: throws when the end marker has not been read (truncated snapshot).</summary>
    public SnapshotHeader Complete()
    {
        if (IsComplete)
        {
            return Header!;
        }

        if (_rdb is not null && !_failed)
        {
            try
            {
                Header = Dump.RdbFile.Load(_rdb.GetBuffer().AsSpan(0, (int)_rdb.Length), _target, out long keys);
                KeysLoaded = keys;
                IsComplete = true;
                _rdb = null;
                return Header;
            }
            catch
            {
                _failed = true;
                throw;
            }
        }

        _failed = true;
        if (Header is null)
        {
            throw Error($"snapshot truncated: {BytesReceived} bytes, the header is incomplete", BytesReceived);
        }

        int buffered = _end - _start;
        string inside = buffered > 0 ? $", ending inside a record that starts at byte {_consumed} ({buffered} bytes of it present)" : string.Empty;
        throw Error($"snapshot truncated: {BytesReceived} bytes, {Records} records and no end marker{inside}", _consumed);
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        if (_pending.Length - _end < chunk.Length)
        {
            int live = _end - _start;
            if (_start > 0 && _pending.Length - live >= chunk.Length)
            {
                Buffer.BlockCopy(_pending, _start, _pending, 0, live);
            }
            else
            {
                var bigger = new byte[Math.Max(_pending.Length * 2, live + chunk.Length)];
                Buffer.BlockCopy(_pending, _start, bigger, 0, live);
                _pending = bigger;
            }

            _start = 0;
            _end = live;
        }

        chunk.CopyTo(_pending.AsSpan(_end));
        _end += chunk.Length;
    }

    // A replica's full sync runs these a million times within seconds of the process starting: compile them optimized
    // at once rather than after tiering catches up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Parse()
    {
        if (Header is null && !TryParseHeader())
        {
            return;
        }

        while (!IsComplete && _end - _start >= 4)
        {
            ReadOnlySpan<byte> available = _pending.AsSpan(_start, _end - _start);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(available);
            if (length == 0 || length > SnapshotFormat.MaxRecordLength)
            {
                throw Error($"record {Records + 1} at byte {_consumed} declares an invalid length of {length} bytes", _consumed);
            }

            if (available.Length - 4 < length)
            {
                return;
            }

            ReadOnlySpan<byte> record = available[..(4 + (int)length)];
            ParseRecord(record);
            Consume(record.Length);
            Records++;
        }

        if (IsComplete && _end > _start)
        {
            throw Error($"{_end - _start} bytes of data after the end marker (at byte {_consumed})", _consumed);
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    private void Consume(int n)
    {
        _start += n;
        _consumed += n;
    }

    private bool TryParseHeader()
    {
        ReadOnlySpan<byte> available = _pending.AsSpan(_start, _end - _start);
        ReadOnlySpan<byte> magic = SnapshotFormat.Magic;
        int compare = Math.Min(available.Length, magic.Length);
        if (!available[..compare].SequenceEqual(magic[..compare]))
        {
            throw Error($"not a snapshot: bad magic '{Printable(available[..compare])}' (expected '{Encoding.ASCII.GetString(magic)}')", 0);
        }

        if (available.Length < SnapshotFormat.HeaderPrefixLength)
        {
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(available[6..]);
        if (version != SnapshotFormat.Version)
        {
            throw Error($"unsupported snapshot version {version} (this node reads version {SnapshotFormat.Version})", 6);
        }

        uint bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(available[8..]);
        if (bodyLength > 4096)
        {
            throw Error($"snapshot header declares {bodyLength} bytes, more than a header can hold", 8);
        }

        if (available.Length < SnapshotFormat.HeaderPrefixLength + bodyLength)
        {
            return false;
        }

        var r = new Reader(available.Slice(SnapshotFormat.HeaderPrefixLength, (int)bodyLength), SnapshotFormat.HeaderPrefixLength, "the header");
        string replid = Encoding.ASCII.GetString(r.Blob());
        long offset = r.Int64();
        int databases = r.Int32();
        int streamDb = r.Int32();
        if (databases < 1)
        {
            throw Error($"snapshot header declares {databases} databases", SnapshotFormat.HeaderPrefixLength);
        }

        int total = SnapshotFormat.HeaderPrefixLength + (int)bodyLength;
        _crc.Append(available[..total]);
        Consume(total);
        Header = new SnapshotHeader(replid, offset, databases, streamDb);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseRecord(ReadOnlySpan<byte> record)
    {
        long at = _consumed;
        var type = (SnapshotRecordType)record[4];
        var r = new Reader(record[5..], at + 5, $"record {Records + 1} (byte {at})");
        if (type == SnapshotRecordType.End)
        {
            _crc.Append(record[..Math.Min(record.Length, 4 + 1 + 8)]);
            long keyCount = r.Int64();
            ulong expected = r.UInt64();
            r.ExpectEnd();
            if (expected != _crc.Value)
            {
                throw Error($"checksum mismatch: the end marker says CRC-64 0x{expected:x16}, the data hashes to 0x{_crc.Value:x16} (a byte before the end marker at byte {at} is corrupt)", at);
            }

            if (keyCount != KeysLoaded)
            {
                throw Error($"key count mismatch: the end marker says {keyCount} keys, the snapshot held {KeysLoaded}", at);
            }

            IsComplete = true;
            return;
        }

        _crc.Append(record);
        if (type is not (SnapshotRecordType.String or SnapshotRecordType.List or SnapshotRecordType.Set or SnapshotRecordType.Hash or SnapshotRecordType.SortedSet))
        {
            throw Error($"unknown record type 0x{(byte)type:x2} in record {Records + 1} at byte {at}", at);
        }

        ulong db = r.Varint();
        if (db >= (ulong)_target.DatabaseCount)
        {
            throw Error($"record {Records + 1} at byte {at} is for database {db}, but this keyspace has {_target.DatabaseCount} databases", at);
        }

        long expireAt = r.Int64();
        byte[] key = r.Blob().ToArray();
        object value = type switch
        {
            SnapshotRecordType.String => r.Blob().ToArray(),
            SnapshotRecordType.List => ReadList(ref r),
            SnapshotRecordType.Set => ReadSet(ref r),
            SnapshotRecordType.SortedSet => ReadSortedSet(ref r),
            _ => ReadHash(ref r),
        };
        r.ExpectEnd();
        if (!_target.TryRestoreKey((int)db, key, value, expireAt))
        {
            throw Error($"duplicate key '{Printable(key)}' in database {db} (record {Records + 1} at byte {at})", at);
        }

        KeysLoaded++;
        _keysByType[(int)type]++;
    }

    private static ListValue ReadList(ref Reader r)
    {
        int count = r.Count();
        var list = new ListValue(count);
        for (int i = 0; i < count; i++)
        {
            list.PushBack(r.Blob().ToArray());
        }

        return list;
    }

    private static SetValue ReadSet(ref Reader r)
    {
        int count = r.Count();
        var set = new SetValue(count);
        for (int i = 0; i < count; i++)
        {
            if (!set.Add(r.Blob()))
            {
                throw r.Fail("holds a duplicate set member");
            }
        }

        return set;
    }

    private static SortedSetValue ReadSortedSet(ref Reader r)
    {
        int count = r.Count();
        var zset = new SortedSetValue(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> member = r.Blob();
            double score = BitConverter.Int64BitsToDouble(r.Int64());
            if (double.IsNaN(score))
            {
                throw r.Fail("holds a NaN score");
            }

            if (zset.ContainsKey(member))
            {
                throw r.Fail("holds a duplicate sorted set member");
            }

            zset.Add(member, score);
        }

        return zset;
    }

    private static HashValue ReadHash(ref Reader r)
    {
        int count = r.Count();
        var hash = new HashValue(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> field = r.Blob();
            if (!hash.SetField(field, r.Blob()))
            {
                throw r.Fail("holds a duplicate hash field");
            }
        }

        return hash;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 64)])
        {
            sb.Append(b is >= 0x20 and < 0x7f ? (char)b : $"\\x{b:x2}");
        }

        return bytes.Length > 64 ? sb.Append("...").ToString() : sb.ToString();
    }

    private static SnapshotFormatException Error(string message, long offset) => new($"snapshot: {message}", offset);

    /// <summary>Reads one record's fields; running past its end is a malformed record.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data, long baseOffset, string what)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Varint()
        {
            ulong v = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Byte();
                v |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return v;
                }
            }

            throw Fail("has a varint longer than 10 bytes");
        }

        /// <summary>An element count: each element takes at least one byte, so it cannot exceed what remains.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Count()
        {
            ulong n = Varint();
            if (n == 0)
            {
                throw Fail("holds an empty container (Redis never stores one)");
            }

            if (n > (ulong)(_data.Length - _pos))
            {
                throw Fail($"declares {n} elements in {_data.Length - _pos} remaining bytes");
            }

            return (int)n;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> Blob()
        {
            ulong n = Varint();
            if (n > (ulong)(_data.Length - _pos))
            {
                throw Fail($"declares a {n}-byte string where {_data.Length - _pos} bytes remain");
            }

            ReadOnlySpan<byte> s = _data.Slice(_pos, (int)n);
            _pos += (int)n;
            return s;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public readonly void ExpectEnd()
        {
            if (_pos != _data.Length)
            {
                throw Fail($"has {_data.Length - _pos} bytes left over after its contents");
            }
        }

        public readonly SnapshotFormatException Fail(string problem) =>
            new($"snapshot: {what} is malformed: it {problem} (at byte {baseOffset + _pos})", baseOffset + _pos);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private byte Byte() => Take(1)[0];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ReadOnlySpan<byte> Take(int n)
        {
            if (_data.Length - _pos < n)
            {
                throw Fail($"ends {n - (_data.Length - _pos)} bytes short");
            }

            ReadOnlySpan<byte> s = _data.Slice(_pos, n);
            _pos += n;
            return s;
        }
    }
}
