using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ActorReplication.Cache.Dump;

/// <summary>
/// Reads a listpack (see <see cref="ListpackBuilder"/>) from an untrusted payload: every entry, its back length, the
/// header's size and count and the terminator are checked, so a corrupt payload is refused rather than half-read.
/// </summary>
public static class ListpackReader
{
    /// <summary>The elements (integers as their decimal text), or null when the listpack is malformed.</summary>
    public static List<byte[]>? TryRead(ReadOnlySpan<byte> lp)
    {
        if (lp.Length < 7 || BinaryPrimitives.ReadUInt32LittleEndian(lp) != (uint)lp.Length || lp[^1] != 0xFF)
        {
            return null;
        }

        int declared = BinaryPrimitives.ReadUInt16LittleEndian(lp[4..]);
        var elements = new List<byte[]>(Math.Min(declared, 1024));
        int p = 6;
        int end = lp.Length - 1;
        while (p < end)
        {
            if (!TryReadEntry(lp[p..end], out byte[] element, out int size))
            {
                return null;
            }

            elements.Add(element);
            p += size;
        }

        return p == end && (declared == ushort.MaxValue || declared == elements.Count) ? elements : null;
    }

    private static bool TryReadEntry(ReadOnlySpan<byte> s, out byte[] element, out int size)
    {
        element = [];
        size = 0;
        byte b = s[0];
        int encoded;
        long? integer = null;
        if ((b & 0x80) == 0)
        {
            integer = b;
            encoded = 1;
        }
        else if ((b & 0xC0) == 0x80)
        {
            int len = b & 0x3F;
            encoded = 1 + len;
            if (encoded > s.Length) return false;
            element = s.Slice(1, len).ToArray();
        }
        else if ((b & 0xE0) == 0xC0)
        {
            if (s.Length < 2) return false;
            int v = ((b & 0x1F) << 8) | s[1];
            integer = v >= 4096 ? v - 8192 : v;
            encoded = 2;
        }
        else if ((b & 0xF0) == 0xE0)
        {
            if (s.Length < 2) return false;
            int len = ((b & 0x0F) << 8) | s[1];
            encoded = 2 + len;
            if (encoded > s.Length) return false;
            element = s.Slice(2, len).ToArray();
        }
        else
        {
            switch (b)
            {
                case 0xF0:
                {
                    if (s.Length < 5) return false;
                    uint len = BinaryPrimitives.ReadUInt32LittleEndian(s[1..]);
                    if (len > (uint)(s.Length - 5)) return false;
                    encoded = 5 + (int)len;
                    element = s.Slice(5, (int)len).ToArray();
                    break;
                }
                case 0xF1:
                    if (s.Length < 3) return false;
                    integer = BinaryPrimitives.ReadInt16LittleEndian(s[1..]);
                    encoded = 3;
                    break;
                case 0xF2:
                    if (s.Length < 4) return false;
                    integer = ((s[1] | (s[2] << 8) | (s[3] << 16)) << 8) >> 8;
                    encoded = 4;
                    break;
                case 0xF3:
                    if (s.Length < 5) return false;
                    integer = BinaryPrimitives.ReadInt32LittleEndian(s[1..]);
                    encoded = 5;
                    break;
                case 0xF4:
                    if (s.Length < 9) return false;
                    integer = BinaryPrimitives.ReadInt64LittleEndian(s[1..]);
                    encoded = 9;
                    break;
                default:
                    return false;
            }
        }

        int backlen = ListpackBuilder.BacklenSize(encoded);
        if (encoded + backlen > s.Length || ReadBacklen(s.Slice(encoded, backlen)) != encoded)
        {
            return false;
        }

        if (integer is { } n)
        {
            element = Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture));
        }

        size = encoded + backlen;
        return true;
    }

    private static long ReadBacklen(ReadOnlySpan<byte> b)
    {
        long value = 0;
        for (int i = 0; i < b.Length; i++)
        {
            bool continued = (b[i] & 0x80) != 0;
            if (continued != (i > 0))
            {
                return -1;
            }

            value = (value << 7) | (uint)(b[i] & 0x7F);
        }

        return value;
    }
}
