using System.Buffers.Text;
using System.Globalization;

namespace ActorReplication.Resp;

/// <summary>
/// Formats doubles the way Redis replies with them (d2string / fpconv_dtoa): <c>nan</c>, <c>inf</c>, <c>-inf</c>,
/// <c>0</c>/<c>-0</c>, integral values within ±2^62 as plain integers, everything else as the shortest
/// round-trip digits laid out plain (<c>0.001</c>, <c>1.5</c>) or in scientific form (<c>1e+300</c>, <c>1.5e-10</c>).
/// </summary>
public static class RespDoubleFormatter
{
    /// <summary>Enough room for any output.</summary>
    public const int MaxLength = 32;

    private const double SafeIntegerBound = long.MaxValue / 2;

    /// <summary>
    /// Redis 7.0's sorted-set score text (<c>addReplyDouble</c>: C's <c>%.17g</c>): <c>inf</c>, <c>-inf</c>, 17
    /// significant digits with trailing zeros dropped (<c>1.1000000000000001</c>, <c>3</c>, <c>1.0000000000000001e+300</c>).
    /// Writes into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns the length.
    /// </summary>
    public static int FormatG17(double value, Span<byte> destination)
    {
        if (destination.Length < MaxLength)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        if (double.IsInfinity(value) || double.IsNaN(value))
        {
            return Format(value, destination);
        }

        // .NET's G17 picks fixed or scientific notation by C's rule (exponent < -4 or >= 17) and also writes at
        // least two exponent digits; only the exponent letter's case differs.
        value.TryFormat(destination, out int written, "G17", CultureInfo.InvariantCulture);
        int e = destination[..written].IndexOf((byte)'E');
        if (e >= 0)
        {
            destination[e] = (byte)'e';
        }

        return written;
    }

    /// <summary>Writes the text into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns its length.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (destination.Length < MaxLength)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        if (double.IsNaN(value))
        {
            "nan"u8.CopyTo(destination);
            return 3;
        }

        if (double.IsInfinity(value))
        {
            if (value > 0)
            {
                "inf"u8.CopyTo(destination);
                return 3;
            }

            "-inf"u8.CopyTo(destination);
            return 4;
        }

        if (value == 0)
        {
            if (double.IsNegative(value))
            {
                "-0"u8.CopyTo(destination);
                return 2;
            }

            destination[0] = (byte)'0';
            return 1;
        }

        if (value >= -SafeIntegerBound && value <= SafeIntegerBound)
        {
            long asLong = (long)value;
            if (asLong == value)
            {
                Utf8Formatter.TryFormat(asLong, destination, out int written);
                return written;
            }
        }

        // Shortest round-trip digits from the runtime, then re-laid out with Redis's (fpconv) rules.
        Span<byte> raw = stackalloc byte[40];
        value.TryFormat(raw, out int rawLength, "R", CultureInfo.InvariantCulture);
        raw = raw[..rawLength];

        Span<byte> digits = stackalloc byte[24];
        int nDigits = 0;
        int k = 0; // value = digits * 10^k
        bool neg = false;
        bool afterPoint = false;
        int i = 0;
        if (raw[0] == (byte)'-')
        {
            neg = true;
            i = 1;
        }

        for (; i < raw.Length; i++)
        {
            byte c = raw[i];
            if (c == (byte)'.')
            {
                afterPoint = true;
            }
            else if (c == (byte)'E' || c == (byte)'e')
            {
                int exp = 0;
                bool expNeg = false;
                int j = i + 1;
                if (raw[j] == (byte)'+' || raw[j] == (byte)'-')
                {
                    expNeg = raw[j] == (byte)'-';
                    j++;
                }

                for (; j < raw.Length; j++)
                {
                    exp = (exp * 10) + (raw[j] - '0');
                }

                k += expNeg ? -exp : exp;
                break;
            }
            else
            {
                if (nDigits == 0 && c == (byte)'0')
                {
                    // Leading zero ("0.00123"): not significant, but it still shifts the exponent after the point.
                    if (afterPoint)
                    {
                        k--;
                    }

                    continue;
                }

                digits[nDigits++] = c;
                if (afterPoint)
                {
                    k--;
                }
            }
        }

        while (nDigits > 1 && digits[nDigits - 1] == (byte)'0')
        {
            nDigits--;
            k++;
        }

        int pos = 0;
        if (neg)
        {
            destination[pos++] = (byte)'-';
        }

        pos += EmitDigits(digits[..nDigits], k, neg, destination[pos..]);
        return pos;
    }

    private static int EmitDigits(ReadOnlySpan<byte> digits, int k, bool neg, Span<byte> dest)
    {
        int nDigits = digits.Length;
        int exp = Math.Abs(k + nDigits - 1);

        // Plain integer with trailing zeros.
        if (k >= 0 && exp < nDigits + 7)
        {
            digits.CopyTo(dest);
            dest.Slice(nDigits, k).Fill((byte)'0');
            return nDigits + k;
        }

        // Plain decimal.
        if (k < 0 && (k > -7 || exp < 4))
        {
            int offset = nDigits - Math.Abs(k);
            if (offset <= 0)
            {
                offset = -offset;
                dest[0] = (byte)'0';
                dest[1] = (byte)'.';
                dest.Slice(2, offset).Fill((byte)'0');
                digits.CopyTo(dest[(offset + 2)..]);
                return nDigits + 2 + offset;
            }

            digits[..offset].CopyTo(dest);
            dest[offset] = (byte)'.';
            digits[offset..].CopyTo(dest[(offset + 1)..]);
            return nDigits + 1;
        }

        // Scientific.
        nDigits = Math.Min(nDigits, 18 - (neg ? 1 : 0));
        int idx = 0;
        dest[idx++] = digits[0];
        if (nDigits > 1)
        {
            dest[idx++] = (byte)'.';
            digits[1..nDigits].CopyTo(dest[idx..]);
            idx += nDigits - 1;
        }

        dest[idx++] = (byte)'e';
        dest[idx++] = k + nDigits - 1 < 0 ? (byte)'-' : (byte)'+';
        int cent = 0;
        if (exp > 99)
        {
            cent = exp / 100;
            dest[idx++] = (byte)('0' + cent);
            exp -= cent * 100;
        }

        if (exp > 9)
        {
            int dec = exp / 10;
            dest[idx++] = (byte)('0' + dec);
            exp -= dec * 10;
        }
        else if (cent != 0)
        {
            dest[idx++] = (byte)'0';
        }

        dest[idx++] = (byte)('0' + (exp % 10));
        return idx;
    }
}
