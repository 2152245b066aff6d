using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ActorReplication.Cache.Dump;

/// <summary>
/// Reads RDB primitives from an untrusted payload; every read checks the bounds and reports failure instead of
/// throwing, so a corrupt payload is refused ("Bad data format") rather than crashing the keyspace.
/// </summary>
internal ref struct RdbReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _pos;

    public bool TryReadByte(out byte b)
    {
        if (_pos >= _data.Length)
        {
            b = 0;
            return false;
        }

        b = _data[_pos++];
        return true;
    }

    /// <summary>A plain length (an encoded-string marker where a length is expected is an error).</summary>
    public bool TryReadLength(out ulong length) => TryReadLength(out length, out bool encoded) && !encoded;

    /// <summary>A collection's element count, bounded by what the payload could possibly hold.</summary>
    public bool TryReadCount(out int count)
    {
        count = 0;
        if (!TryReadLength(out ulong n) || n > (ulong)(_data.Length - _pos))
        {
            return false;
        }

        count = (int)n;
        return true;
    }

    public bool TryReadString(out byte[] value)
    {
        value = [];
        if (!TryReadLength(out ulong length, out bool encoded))
        {
            return false;
        }

        if (!encoded)
        {
            if (length > (ulong)(_data.Length - _pos))
            {
                return false;
            }

            value = _data.Slice(_pos, (int)length).ToArray();
            _pos += (int)length;
            return true;
        }

        long integer;
        switch (length)
        {
            case 0:
                if (!TryTake(1, out ReadOnlySpan<byte> b1)) return false;
                integer = (sbyte)b1[0];
                break;
            case 1:
                if (!TryTake(2, out ReadOnlySpan<byte> b2)) return false;
                integer = BinaryPrimitives.ReadInt16LittleEndian(b2);
                break;
            case 2:
                if (!TryTake(4, out ReadOnlySpan<byte> b4)) return false;
                integer = BinaryPrimitives.ReadInt32LittleEndian(b4);
                break;
            case 3:
                return TryReadLzf(out value);
            default:
                return false;
        }

        value = Encoding.ASCII.GetBytes(integer.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    public bool TryReadBinaryDouble(out double value)
    {
        value = 0;
        if (!TryTake(8, out ReadOnlySpan<byte> b))
        {
            return false;
        }

        value = BinaryPrimitives.ReadDoubleLittleEndian(b);
        return true;
    }

    /// <summary>RDB_TYPE_ZSET's score: a length byte (253 nan, 254 +inf, 255 -inf) then that many ASCII characters.</summary>
    public bool TryReadStringDouble(out double value)
    {
        value = 0;
        if (!TryReadByte(out byte len))
        {
            return false;
        }

        switch (len)
        {
            case 253:
                value = double.NaN;
                return true;
            case 254:
                value = double.PositiveInfinity;
                return true;
            case 255:
                value = double.NegativeInfinity;
                return true;
        }

        return TryTake(len, out ReadOnlySpan<byte> text) &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private bool TryReadLength(out ulong length, out bool encoded)
    {
        length = 0;
        encoded = false;
        if (!TryReadByte(out byte first))
        {
            return false;
        }

        switch (first >> 6)
        {
            case 0:
                length = (ulong)(first & 0x3F);
                return true;
            case 1:
                if (!TryReadByte(out byte second)) return false;
                length = ((ulong)(first & 0x3F) << 8) | second;
                return true;
            case 3:
                encoded = true;
                length = (ulong)(first & 0x3F);
                return true;
        }

        if (first == 0x80 && TryTake(4, out ReadOnlySpan<byte> b4))
        {
            length = BinaryPrimitives.ReadUInt32BigEndian(b4);
            return true;
        }

        if (first == 0x81 && TryTake(8, out ReadOnlySpan<byte> b8))
        {
            length = BinaryPrimitives.ReadUInt64BigEndian(b8);
            return true;
        }

        return false;
    }

    private bool TryReadLzf(out byte[] value)
    {
        value = [];
        if (!TryReadLength(out ulong compressedLength) || !TryReadLength(out ulong length) ||
            compressedLength > (ulong)(_data.Length - _pos) || length == 0 || length > int.MaxValue)
        {
            return false;
        }

        // LZF expands at most about 264/3 times: a larger claimed length is corrupt (and would allocate for nothing).
        if (length > (compressedLength * 90) + 64)
        {
            return false;
        }

        var output = new byte[length];
        if (!Lzf.TryDecompress(_data.Slice(_pos, (int)compressedLength), output))
        {
            return false;
        }

        _pos += (int)compressedLength;
        value = output;
        return true;
    }

    public bool TryTake(int n, out ReadOnlySpan<byte> bytes)
    {
        if (n > _data.Length - _pos)
        {
            bytes = default;
            return false;
        }

        bytes = _data.Slice(_pos, n);
        _pos += n;
        return true;
    }
}
