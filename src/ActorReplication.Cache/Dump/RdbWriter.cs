using System.Buffers;
using System.Buffers.Binary;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Dump;

/// <summary>Redis's RDB primitives: lengths, strings (integer, LZF or plain) and binary doubles.</summary>
internal sealed class RdbWriter
{
    private readonly ArrayBufferWriter<byte> _out = new(64);

    public ReadOnlySpan<byte> WrittenSpan => _out.WrittenSpan;

    public void WriteByte(byte b)
    {
        _out.GetSpan(1)[0] = b;
        _out.Advance(1);
    }

    public void Write(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    /// <summary>6-bit, 14-bit (big-endian), 32-bit or 64-bit (big-endian, after 0x80 / 0x81) lengths.</summary>
    public void WriteLength(ulong length)
    {
        Span<byte> b = _out.GetSpan(9);
        int n;
        if (length < 1 << 6)
        {
            b[0] = (byte)length;
            n = 1;
        }
        else if (length < 1 << 14)
        {
            b[0] = (byte)(0x40 | (length >> 8));
            b[1] = (byte)length;
            n = 2;
        }
        else if (length <= uint.MaxValue)
        {
            b[0] = 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(b[1..], (uint)length);
            n = 5;
        }
        else
        {
            b[0] = 0x81;
            BinaryPrimitives.WriteUInt64BigEndian(b[1..], length);
            n = 9;
        }

        _out.Advance(n);
    }

    /// <summary>
    /// A string as Redis saves one: up to 11 bytes that read as a canonical 32-bit integer in an integer encoding;
    /// more than 20 bytes LZF-compressed when that saves at least 4 bytes; otherwise length and bytes.
    /// </summary>
    public void WriteString(ReadOnlySpan<byte> s)
    {
        if (s.Length <= 11 && RespNumber.TryParseInt64(s, out long n) && n >= int.MinValue && n <= int.MaxValue)
        {
            WriteInteger((int)n);
            return;
        }

        if (s.Length > 20 && Lzf.Compress(s, s.Length - 4) is { } compressed)
        {
            WriteByte(0xC3);
            WriteLength((ulong)compressed.Length);
            WriteLength((ulong)s.Length);
            Write(compressed);
            return;
        }

        WriteLength((ulong)s.Length);
        Write(s);
    }

    public void WriteBinaryDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_out.GetSpan(8), value);
        _out.Advance(8);
    }

    private void WriteInteger(int n)
    {
        Span<byte> b = _out.GetSpan(5);
        int size;
        if (n is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            b[0] = 0xC0;
            b[1] = (byte)n;
            size = 2;
        }
        else if (n is >= short.MinValue and <= short.MaxValue)
        {
            b[0] = 0xC1;
            BinaryPrimitives.WriteInt16LittleEndian(b[1..], (short)n);
            size = 3;
        }
        else
        {
            b[0] = 0xC2;
            BinaryPrimitives.WriteInt32LittleEndian(b[1..], n);
            size = 5;
        }

        _out.Advance(size);
    }
}
