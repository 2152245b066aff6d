using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>Shared parsing and formatting for command handlers.</summary>
internal static class CommandHelpers
{
    public const int MaxLongLength = 20;

    public static int FormatLong(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    /// <summary>
    /// Redis getPositiveLongFromObjectOrReply: a count that must be a non-negative integer. Anything else, a non-number
    /// included, is "value is out of range, must be positive".
    /// </summary>
    public static bool TryGetPositiveLong(ref CommandContext c, int arg, out long value)
    {
        if (c.Cmd.TryGetLong(arg, out value) && value >= 0)
        {
            return true;
        }

        c.Error(Errors.MustBePositive);
        return false;
    }

    /// <summary>A deep copy of a stored value (COPY): nothing is shared with the original.</summary>
    public static object CopyValue(object value)
    {
        switch (value)
        {
            case byte[] s:
                return s.AsSpan().ToArray();
            case ListValue l:
                var list = new ListValue(l.Count);
                for (int i = 0; i < l.Count; i++)
                {
                    list.PushBack(l[i].AsSpan().ToArray());
                }

                return list;
            case HashValue h:
                var hash = new HashValue(h.Count);
                for (int i = 0; i < h.SlotLimit; i++)
                {
                    byte[]? f = h.KeyAt(i);
                    if (f is not null)
                    {
                        hash.SetField(f, h.ValueAt(i).AsSpan().ToArray());
                    }
                }

                return hash;
            case SetValue set:
                var copy = new SetValue(set.Count);
                for (int i = 0; i < set.SlotLimit; i++)
                {
                    byte[]? m = set.KeyAt(i);
                    if (m is not null)
                    {
                        copy.Add(m);
                    }
                }

                return copy;
            case SortedSetValue zset:
                var zcopy = new SortedSetValue(zset.Count);
                for (SkipListNode? n = zset.Ordered.First; n is not null; n = n.Next)
                {
                    zcopy.Add(n.Member, n.Score);
                }

                return zcopy;
            default:
                throw new InvalidOperationException("unknown value type " + value.GetType());
        }
    }

    /// <summary>Redis string2ull for SCAN cursors.</summary>
    public static bool TryParseCursor(ReadOnlySpan<byte> s, out ulong cursor)
    {
        if (RespNumber.TryParseInt64(s, out long l))
        {
            cursor = (ulong)l;
            return true;
        }

        cursor = 0;
        if (s.Length == 0 || s.Length > 20)
        {
            return false;
        }

        foreach (byte b in s)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out cursor);
    }

    /// <summary>Normalises Redis (start, end) indexes against a length; false when the range is empty.</summary>
    public static bool NormalizeRange(long start, long end, long length, out int from, out int to)
    {
        if (start < 0)
        {
            start += length;
        }

        if (end < 0)
        {
            end += length;
        }

        if (start < 0)
        {
            start = 0;
        }

        if (start > end || start >= length)
        {
            from = to = 0;
            return false;
        }

        if (end >= length)
        {
            end = length - 1;
        }

        from = (int)start;
        to = (int)end;
        return true;
    }

    /// <summary>C's atoi: optional spaces and sign, then the leading digits; 0 when there are none.</summary>
    public static long AtoiLike(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == (byte)'-';
        if (i < s.Length && s[i] is (byte)'-' or (byte)'+')
        {
            i++;
        }

        long n = 0;
        for (; i < s.Length && s[i] >= (byte)'0' && s[i] <= (byte)'9' && n < int.MaxValue; i++)
        {
            n = (n * 10) + (s[i] - (byte)'0');
        }

        return negative ? -n : n;
    }
}

/// <summary>Parsed SCAN/HSCAN/SSCAN options.</summary>
internal struct ScanOptions
{
    public long Count;
    public int MatchArg;     // argument index of the pattern, or -1
    public bool HasType;
    public Keyspace.ValueType Type; // ValueType.None with HasType = unknown type name: matches nothing

    /// <summary>Parses options from <paramref name="first"/>; writes the error and returns false on a bad option.</summary>
    public static bool TryParse(ref CommandContext c, int first, bool allowType, out ScanOptions o)
    {
        o = new ScanOptions { Count = 10, MatchArg = -1 };
        int i = first;
        while (i < c.ArgCount)
        {
            int remaining = c.ArgCount - i;
            if (c.ArgIs(i, "COUNT"u8) && remaining >= 2)
            {
                if (!c.Cmd.TryGetLong(i + 1, out o.Count))
                {
                    c.Error(Errors.NotInteger);
                    return false;
                }

                if (o.Count < 1)
                {
                    c.Error(Errors.Syntax);
                    return false;
                }

                i += 2;
            }
            else if (c.ArgIs(i, "MATCH"u8) && remaining >= 2)
            {
                o.MatchArg = i + 1;
                i += 2;
            }
            else if (allowType && c.ArgIs(i, "TYPE"u8) && remaining >= 2)
            {
                o.HasType = true;
                o.Type = ParseTypeName(c.Arg(i + 1));
                i += 2;
            }
            else
            {
                c.Error(Errors.Syntax);
                return false;
            }
        }

        return true;
    }

    private static Keyspace.ValueType ParseTypeName(ReadOnlySpan<byte> name)
    {
        if (Ascii.EqualsIgnoreCase(name, "string"u8))
        {
            return Keyspace.ValueType.String;
        }

        if (Ascii.EqualsIgnoreCase(name, "list"u8))
        {
            return Keyspace.ValueType.List;
        }

        if (Ascii.EqualsIgnoreCase(name, "set"u8))
        {
            return Keyspace.ValueType.Set;
        }

        if (Ascii.EqualsIgnoreCase(name, "zset"u8))
        {
            return Keyspace.ValueType.ZSet;
        }

        if (Ascii.EqualsIgnoreCase(name, "hash"u8))
        {
            return Keyspace.ValueType.Hash;
        }

        return Keyspace.ValueType.None;
    }
}
