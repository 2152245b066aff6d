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
    /// INCRBYFLOAT/HINCRBYFLOAT value text: Redis prints long doubles with <c>%.17Lf</c> and strips trailing zeros, so
    /// never an exponent. We print the shortest round-trip digits of the double, laid out plainly.
    /// </summary>
    public static byte[] FormatHumanFloat(double value)
    {
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return Encoding.ASCII.GetBytes(r);
        }

        bool negative = r[0] == '-';
        string mantissa = r[(negative ? 1 : 0)..e];
        int exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointPos = (dot < 0 ? mantissa.Length : dot) + exponent; // digits before the decimal point
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
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
