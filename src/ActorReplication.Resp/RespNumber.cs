using System.Globalization;

namespace ActorReplication.Resp;

/// <summary>Redis's strict number parsing rules (util.c string2ll / string2d), on raw bytes.</summary>
public static class RespNumber
{
    // Redis's LONG_STR_SIZE: a 21+ byte string is never a valid long long.
    private const int LongStrSize = 21;

    /// <summary>
    /// Redis string2ll: no spaces, no leading '+', no leading zeros (except "0" itself), no "-0", must fit in a long.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        int len = s.Length;
        if (len == 0 || len >= LongStrSize)
        {
            return false;
        }

        if (len == 1 && s[0] == (byte)'0')
        {
            return true;
        }

        int p = 0;
        bool negative = false;
        if (s[0] == (byte)'-')
        {
            negative = true;
            p = 1;
            if (len == 1)
            {
                return false;
            }
        }

        uint d = (uint)(s[p] - '1');
        if (d > 8)
        {
            return false;
        }

        ulong v = d + 1;
        p++;
        for (; p < len; p++)
        {
            uint digit = (uint)(s[p] - '0');
            if (digit > 9)
            {
                return false;
            }

            if (v > ulong.MaxValue / 10)
            {
                return false;
            }

            v *= 10;
            if (v > ulong.MaxValue - digit)
            {
                return false;
            }

            v += digit;
        }

        if (negative)
        {
            if (v > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(0 - v);
        }
        else
        {
            if (v > long.MaxValue)
            {
                return false;
            }

            value = (long)v;
        }

        return true;
    }

    /// <summary>Like <see cref="TryParseInt64"/>, additionally requiring the value to fit in an int.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> s, out int value)
    {
        if (TryParseInt64(s, out long l) && l >= int.MinValue && l <= int.MaxValue)
        {
            value = (int)l;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Redis string2d (strtod, whole string consumed): optional sign, decimal digits with optional fraction and exponent,
    /// or inf / infinity (any case, optional sign). Rejects empty input, whitespace anywhere, NaN, and values that
    /// overflow to infinity or underflow to zero (strtod's ERANGE). Hexadecimal floats are not accepted.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int len = s.Length;
        if (len == 0 || len > 512)
        {
            return false;
        }

        int p = 0;
        bool negative = false;
        if (s[0] == (byte)'-' || s[0] == (byte)'+')
        {
            negative = s[0] == (byte)'-';
            p = 1;
        }

        ReadOnlySpan<byte> body = s[p..];
        if (body.Length == 3 || body.Length == 8)
        {
            if (AsciiEqualsIgnoreCase(body, "INF"u8) || AsciiEqualsIgnoreCase(body, "INFINITY"u8))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
        }

        // Validate the decimal grammar ourselves so the runtime's laxer rules (spaces, thousands...) never apply.
        int intDigits = 0;
        int fracDigits = 0;
        bool nonZeroMantissa = false;
        while (p < len && (uint)(s[p] - '0') <= 9)
        {
            nonZeroMantissa |= s[p] != (byte)'0';
            p++;
            intDigits++;
        }

        if (p < len && s[p] == (byte)'.')
        {
            p++;
            while (p < len && (uint)(s[p] - '0') <= 9)
            {
                nonZeroMantissa |= s[p] != (byte)'0';
                p++;
                fracDigits++;
            }
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        if (p < len && (s[p] == (byte)'e' || s[p] == (byte)'E'))
        {
            p++;
            if (p < len && (s[p] == (byte)'+' || s[p] == (byte)'-'))
            {
                p++;
            }

            int expDigits = 0;
            while (p < len && (uint)(s[p] - '0') <= 9)
            {
                p++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        if (p != len)
        {
            return false;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return false;
        }

        if (double.IsInfinity(d) || double.IsNaN(d) || (d == 0 && nonZeroMantissa))
        {
            return false;
        }

        value = d;
        return true;
    }

    internal static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> asciiUpper)
    {
        if (value.Length != asciiUpper.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            int b = value[i];
            if ((uint)(b - 'a') <= 'z' - 'a')
            {
                b -= 0x20;
            }

            if (b != asciiUpper[i])
            {
                return false;
            }
        }

        return true;
    }
}
