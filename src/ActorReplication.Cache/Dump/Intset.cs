using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Dump;

/// <summary>
/// Redis's intset blob: <c>u32 width (2, 4 or 8), u32 count</c>, then the integers sorted ascending, each in that
/// many little-endian bytes; the width is the smallest that holds every member.
/// </summary>
public static class Intset
{
    private const int HeaderSize = 8;

    /// <summary>The blob for a set whose members all read as canonical 64-bit integers.</summary>
    public static byte[] Create(SetValue set)
    {
        var values = new long[set.Count];
        int n = 0;
        for (int i = 0; i < set.SlotLimit; i++)
        {
            if (set.KeyAt(i) is { } member)
            {
                values[n++] = long.Parse(Encoding.ASCII.GetString(member), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
        }

        Array.Sort(values);
        int width = 2;
        foreach (long v in values)
        {
            width = Math.Max(width, v is >= short.MinValue and <= short.MaxValue ? 2 : v is >= int.MinValue and <= int.MaxValue ? 4 : 8);
        }

        var blob = new byte[HeaderSize + (values.Length * width)];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, (uint)width);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> slot = blob.AsSpan(HeaderSize + (i * width));
            switch (width)
            {
                case 2:
                    BinaryPrimitives.WriteInt16LittleEndian(slot, (short)values[i]);
                    break;
                case 4:
                    BinaryPrimitives.WriteInt32LittleEndian(slot, (int)values[i]);
                    break;
                default:
                    BinaryPrimitives.WriteInt64LittleEndian(slot, values[i]);
                    break;
            }
        }

        return blob;
    }

    /// <summary>The set an intset blob holds, or null when it is malformed (bad width or size, unsorted, duplicates, empty).</summary>
    public static SetValue? TryRead(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize)
        {
            return null;
        }

        uint width = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (width is not (2 or 4 or 8) || count == 0 || (ulong)blob.Length != HeaderSize + ((ulong)count * width))
        {
            return null;
        }

        var set = new SetValue((int)count);
        long previous = long.MinValue;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> slot = blob.Slice(HeaderSize + (i * (int)width));
            long v = width switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(slot),
                4 => BinaryPrimitives.ReadInt32LittleEndian(slot),
                _ => BinaryPrimitives.ReadInt64LittleEndian(slot),
            };
            if (i > 0 && v <= previous)
            {
                return null;
            }

            previous = v;
            set.Add(Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)));
        }

        return set;
    }
}
