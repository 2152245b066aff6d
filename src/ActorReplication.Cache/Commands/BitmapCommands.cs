using System.Numerics;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>Bitmap commands on string values: SETBIT GETBIT BITCOUNT BITPOS.</summary>
public static class BitmapCommands
{
    private static ReadOnlySpan<byte> BitOffsetError => "ERR bit offset is not an integer or out of range"u8;

    private static ReadOnlySpan<byte> BitValueError => "ERR bit is not an integer or out of range"u8;

    private static ReadOnlySpan<byte> BitArgumentError => "ERR The bit argument must be 1 or 0."u8;

    /// <summary>A bit offset: 0 &lt;= offset and offset/8 &lt; proto-max-bulk-len.</summary>
    private static bool TryGetBitOffset(ref CommandContext c, int arg, out long offset)
    {
        if (c.Cmd.TryGetLong(arg, out offset) && offset >= 0 && (offset >> 3) < c.Ks.Settings.ProtoMaxBulkLen)
        {
            return true;
        }

        c.Error(BitOffsetError);
        return false;
    }

    public static void SetBit(ref CommandContext c)
    {
        if (!TryGetBitOffset(ref c, 2, out long offset))
        {
            return;
        }

        if (!c.Cmd.TryGetLong(3, out long on) || (on & ~1L) != 0)
        {
            c.Error(BitValueError);
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int index = (int)(offset >> 3);
        int slot = c.LookupWrite(1);
        byte[] value;
        if (slot < 0)
        {
            value = new byte[index + 1];
            ks.AddKey(db, c.Arg(1), value);
        }
        else if (c.ValueAt(slot) is byte[] current)
        {
            value = current;
            if (current.Length <= index)
            {
                // Grown copy; the write lookup above already told the observer about the change.
                value = new byte[index + 1];
                current.CopyTo(value, 0);
                ks.ReplaceValue(db, slot, value);
            }
        }
        else
        {
            c.WrongType();
            return;
        }

        int shift = 7 - (int)(offset & 7);
        int old = (value[index] >> shift) & 1;
        value[index] = (byte)((value[index] & ~(1 << shift)) | ((int)on << shift));
        c.Dirty();
        c.Reply.WriteInteger(old);
        c.PropagateVerbatim();
    }

    public static void GetBit(ref CommandContext c)
    {
        if (!TryGetBitOffset(ref c, 2, out long offset))
        {
            return;
        }

        if (!c.TryGetForRead(1, out byte[] value, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        long index = offset >> 3;
        c.Reply.WriteInteger(index < value.Length ? (value[index] >> (7 - (int)(offset & 7))) & 1 : 0);
    }

    /// <summary>
    /// Redis 7.0's start/end normalisation for BITCOUNT and BITPOS over <paramref name="total"/> bytes or bits:
    /// negative from the end, then both clamped to [0, total-1] (so a range entirely before the start becomes [0, 0]).
    /// False when the range is empty.
    /// </summary>
    private static bool Normalize(ref long start, ref long end, long total)
    {
        if (start < 0)
        {
            start += total;
        }

        if (end < 0)
        {
            end += total;
        }

        if (start < 0)
        {
            start = 0;
        }

        if (end < 0)
        {
            end = 0;
        }

        if (end >= total)
        {
            end = total - 1;
        }

        return start <= end;
    }

    /// <summary>Parses BYTE|BIT at <paramref name="arg"/>; false after a syntax error.</summary>
    private static bool TryParseUnit(ref CommandContext c, int arg, out bool bits)
    {
        bits = false;
        if (c.ArgIs(arg, "BIT"u8))
        {
            bits = true;
            return true;
        }

        if (c.ArgIs(arg, "BYTE"u8))
        {
            return true;
        }

        c.Error(Errors.Syntax);
        return false;
    }

    public static void BitCount(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out byte[] value, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        if (c.ArgCount == 2)
        {
            c.Reply.WriteInteger(PopCount(value, 0, value.Length * 8L - 1));
            return;
        }

        if (c.ArgCount != 4 && c.ArgCount != 5)
        {
            c.Error(Errors.Syntax);
            return;
        }

        if (!c.Cmd.TryGetLong(2, out long start) || !c.Cmd.TryGetLong(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        bool bits = false;
        if (c.ArgCount == 5 && !TryParseUnit(ref c, 4, out bits))
        {
            return;
        }

        long total = bits ? value.Length * 8L : value.Length;
        if (!Normalize(ref start, ref end, total))
        {
            c.Reply.WriteInteger(0);
            return;
        }

        c.Reply.WriteInteger(bits ? PopCount(value, start, end) : PopCount(value, start * 8, (end * 8) + 7));
    }

    /// <summary>Set bits among bit positions [first, last] (inclusive, within the value).</summary>
    private static long PopCount(byte[] value, long first, long last)
    {
        if (last < first)
        {
            return 0;
        }

        int firstByte = (int)(first >> 3);
        int lastByte = (int)(last >> 3);
        long count = 0;
        ReadOnlySpan<byte> span = value.AsSpan(firstByte, lastByte - firstByte + 1);
        while (span.Length >= 8)
        {
            count += BitOperations.PopCount(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span));
            span = span[8..];
        }

        foreach (byte b in span)
        {
            count += BitOperations.PopCount(b);
        }

        // Bits of the first byte before `first` and of the last byte after `last` do not count.
        int headBits = (int)(first & 7);
        int tailBits = 7 - (int)(last & 7);
        count -= BitOperations.PopCount((uint)(value[firstByte] >> (8 - headBits)) & 0xFF);
        count -= BitOperations.PopCount((uint)value[lastByte] & ((1u << tailBits) - 1));
        return count;
    }

    public static void BitPos(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long bit))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (bit != 0 && bit != 1)
        {
            c.Error(BitArgumentError);
            return;
        }

        if (!c.TryGetForRead(1, out byte[] value, out bool missing))
        {
            if (missing)
            {
                // A missing key is an endless run of zeros.
                c.Reply.WriteInteger(bit == 1 ? -1 : 0);
            }

            return;
        }

        if (c.ArgCount > 6)
        {
            c.Error(Errors.Syntax);
            return;
        }

        long start = 0;
        long end = 0;
        bool endGiven = false;
        bool bits = false;
        if (c.ArgCount >= 4 && !c.Cmd.TryGetLong(3, out start))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (c.ArgCount >= 5)
        {
            if (!c.Cmd.TryGetLong(4, out end))
            {
                c.Error(Errors.NotInteger);
                return;
            }

            endGiven = true;
        }

        if (c.ArgCount == 6 && !TryParseUnit(ref c, 5, out bits))
        {
            return;
        }

        long total = bits ? value.Length * 8L : value.Length;
        if (!endGiven)
        {
            end = total - 1;
        }

        if (value.Length == 0 || !Normalize(ref start, ref end, total))
        {
            c.Reply.WriteInteger(-1);
            return;
        }

        long first = bits ? start : start * 8;
        long last = bits ? end : (end * 8) + 7;
        long found = FindBit(value, (int)bit, first, last);
        if (found < 0 && bit == 0 && !endGiven)
        {
            // Looking for a clear bit with no end given: the string is followed by zeros.
            found = value.Length * 8L;
        }

        c.Reply.WriteInteger(found);
    }

    /// <summary>The first bit position in [first, last] holding <paramref name="bit"/>, or -1.</summary>
    private static long FindBit(byte[] value, int bit, long first, long last)
    {
        byte skip = bit == 1 ? (byte)0x00 : (byte)0xFF;
        long pos = first;
        while (pos <= last)
        {
            int index = (int)(pos >> 3);
            if ((pos & 7) == 0 && pos + 7 <= last && value[index] == skip)
            {
                pos += 8;
                continue;
            }

            if (((value[index] >> (7 - (int)(pos & 7))) & 1) == bit)
            {
                return pos;
            }

            pos++;
        }

        return -1;
    }
}
