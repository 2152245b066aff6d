using System.Buffers.Binary;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Dump;

/// <summary>
/// Builds a listpack, Redis's compact sequence of strings and integers: <c>u32 total-bytes, u16 count (65535 when
/// more), entries, 0xFF</c>; each entry is an encoding byte with its data, then its own length written backwards
/// (so the list can be walked from the tail). A string that reads as a canonical 64-bit integer is stored as one,
/// in the smallest of Redis's integer encodings, as Redis does.
/// </summary>
public sealed class ListpackBuilder
{
    private const int HeaderSize = 6;
    private byte[] _buffer = new byte[64];
    private int _length = HeaderSize;

    public int Count { get; private set; }

    /// <summary>The listpack's size in bytes once finished (header and terminator included).</summary>
    public int TotalBytes => _length + 1;

    public void Append(ReadOnlySpan<byte> element)
    {
        if (RespNumber.TryParseInt64(element, out long value))
        {
            AppendInteger(value);
            return;
        }

        int len = element.Length;
        int header = len < 64 ? 1 : len < 4096 ? 2 : 5;
        Span<byte> dst = Reserve(header + len + BacklenSize(header + len));
        if (header == 1)
        {
            dst[0] = (byte)(0x80 | len);
        }
        else if (header == 2)
        {
            dst[0] = (byte)(0xE0 | (len >> 8));
            dst[1] = (byte)len;
        }
        else
        {
            dst[0] = 0xF0;
            BinaryPrimitives.WriteInt32LittleEndian(dst[1..], len);
        }

        element.CopyTo(dst[header..]);
        WriteBacklen(dst[(header + len)..], header + len);
        Count++;
    }

    public void AppendInteger(long value)
    {
        int size;
        Span<byte> entry = stackalloc byte[9];
        if (value is >= 0 and <= 127)
        {
            entry[0] = (byte)value;
            size = 1;
        }
        else if (value is >= -4096 and <= 4095)
        {
            int v = (int)value & 0x1FFF;
            entry[0] = (byte)(0xC0 | (v >> 8));
            entry[1] = (byte)v;
            size = 2;
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            entry[0] = 0xF1;
            BinaryPrimitives.WriteInt16LittleEndian(entry[1..], (short)value);
            size = 3;
        }
        else if (value is >= -(1 << 23) and < (1 << 23))
        {
            entry[0] = 0xF2;
            entry[1] = (byte)value;
            entry[2] = (byte)(value >> 8);
            entry[3] = (byte)(value >> 16);
            size = 4;
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            entry[0] = 0xF3;
            BinaryPrimitives.WriteInt32LittleEndian(entry[1..], (int)value);
            size = 5;
        }
        else
        {
            entry[0] = 0xF4;
            BinaryPrimitives.WriteInt64LittleEndian(entry[1..], value);
            size = 9;
        }

        Span<byte> dst = Reserve(size + BacklenSize(size));
        entry[..size].CopyTo(dst);
        WriteBacklen(dst[size..], size);
        Count++;
    }

    public byte[] ToArray()
    {
        var result = new byte[TotalBytes];
        _buffer.AsSpan(0, _length).CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result, (uint)result.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(4), (ushort)Math.Min(Count, ushort.MaxValue));
        result[^1] = 0xFF;
        return result;
    }

    /// <summary>Bytes an element adds to a listpack (encoding, data and back length), as <see cref="Append"/> writes it.</summary>
    public static int EntrySize(ReadOnlySpan<byte> element)
    {
        int size;
        if (RespNumber.TryParseInt64(element, out long value))
        {
            size = value is >= 0 and <= 127 ? 1
                : value is >= -4096 and <= 4095 ? 2
                : value is >= short.MinValue and <= short.MaxValue ? 3
                : value is >= -(1 << 23) and < (1 << 23) ? 4
                : value is >= int.MinValue and <= int.MaxValue ? 5
                : 9;
        }
        else
        {
            int len = element.Length;
            size = (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
        }

        return size + BacklenSize(size);
    }

    internal static int BacklenSize(int length) =>
        length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;

    /// <summary>The entry's length in 7-bit groups, most significant first; every byte but the first has its top bit set.</summary>
    private static void WriteBacklen(Span<byte> dst, int length)
    {
        int n = BacklenSize(length);
        for (int i = n - 1; i >= 0; i--)
        {
            dst[i] = (byte)((length & 127) | (i == 0 ? 0 : 128));
            length >>= 7;
        }
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size + 1 > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size + 1));
        }

        Span<byte> span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }
}
