using System.Numerics;
using System.Text;

namespace ActorReplication.Cache.Commands;

/// <summary>
/// A software x87 80-bit extended float (what C's <c>long double</c> is on x86-64, where Redis computes
/// INCRBYFLOAT and HINCRBYFLOAT): 64-bit significand with explicit integer bit, exponent range of 15 bits
/// (about ±1.19e4932, subnormals down to 2^-16445), round-to-nearest-even. Only what those two commands need:
/// strtold-style parsing with Redis's checks, addition, and <c>%.17Lf</c> formatting with Redis's trailing-zero trim.
/// Exact arithmetic on <see cref="BigInteger"/>: slow next to hardware, but these are not hot-path commands.
/// </summary>
internal readonly struct LongDouble
{
    /// <summary>Exponent of the least significant significand bit of subnormals (and the smallest normal).</summary>
    private const int MinExponent = -16445;

    /// <summary>Largest exponent of the least significant significand bit (16383 - 63).</summary>
    private const int MaxExponent = 16320;

    /// <summary>Redis MAX_LONG_DOUBLE_CHARS: longer inputs are not parsed.</summary>
    private const int MaxInputLength = 5 * 1024;

    private static readonly BigInteger TenPow17 = BigInteger.Pow(10, 17);

    private enum Kinds : byte
    {
        Zero,
        Finite,
        Infinity,
        NaN,
    }

    private readonly Kinds _kind;

    private LongDouble(Kinds kind, bool negative, ulong mantissa, int exponent)
    {
        _kind = kind;
        Negative = negative;
        Mantissa = mantissa;
        Exponent = exponent;
    }

    /// <summary>Significand; the value is ±<see cref="Mantissa"/>·2^<see cref="Exponent"/>.</summary>
    public ulong Mantissa { get; }

    public int Exponent { get; }

    public bool Negative { get; }

    public bool IsNaN => _kind == Kinds.NaN;

    public bool IsInfinity => _kind == Kinds.Infinity;

    public bool IsFinite => _kind is Kinds.Zero or Kinds.Finite;

    public static LongDouble Zero => default;

    private static LongDouble Inf(bool negative) => new(Kinds.Infinity, negative, 0, 0);

    private static readonly LongDouble NaNValue = new(Kinds.NaN, false, 0, 0);

    /// <summary>
    /// Redis string2ld: the whole input read by strtold (decimal, hexadecimal with optional binary exponent, inf,
    /// infinity), refusing empty or overlong input, leading whitespace, trailing garbage, NaN, and results that
    /// overflow to infinity or underflow to zero.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out LongDouble value)
    {
        value = Zero;
        if (s.Length == 0 || s.Length >= MaxInputLength || IsSpace(s[0]))
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
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = Inf(negative);
            return true;
        }

        bool ok = body.Length > 2 && body[0] == (byte)'0' && (body[1] | 0x20) == (byte)'x'
            ? TryParseHex(body[2..], negative, out value)
            : TryParseDecimal(body, negative, out value);
        return ok;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool TryParseDecimal(ReadOnlySpan<byte> s, bool negative, out LongDouble value)
    {
        value = Zero;
        int p = 0;
        var digits = new StringBuilder();
        int fractionDigits = 0;
        int anyDigits = 0;
        while (p < s.Length && (uint)(s[p] - '0') <= 9)
        {
            if (digits.Length > 0 || s[p] != (byte)'0')
            {
                digits.Append((char)s[p]);
            }

            anyDigits++;
            p++;
        }

        if (p < s.Length && s[p] == (byte)'.')
        {
            p++;
            while (p < s.Length && (uint)(s[p] - '0') <= 9)
            {
                if (digits.Length > 0 || s[p] != (byte)'0')
                {
                    digits.Append((char)s[p]);
                }

                fractionDigits++;
                anyDigits++;
                p++;
            }
        }

        if (anyDigits == 0)
        {
            return false;
        }

        long exponent = 0;
        if (p < s.Length && (s[p] | 0x20) == (byte)'e')
        {
            p++;
            bool expNegative = false;
            if (p < s.Length && (s[p] == (byte)'+' || s[p] == (byte)'-'))
            {
                expNegative = s[p] == (byte)'-';
                p++;
            }

            int expDigits = 0;
            while (p < s.Length && (uint)(s[p] - '0') <= 9)
            {
                if (exponent < 1_000_000_000)
                {
                    exponent = (exponent * 10) + (s[p] - '0');
                }

                expDigits++;
                p++;
            }

            if (expDigits == 0)
            {
                return false; // strtold stops before the 'e': trailing garbage
            }

            if (expNegative)
            {
                exponent = -exponent;
            }
        }

        if (p != s.Length)
        {
            return false;
        }

        if (digits.Length == 0)
        {
            value = negative ? new LongDouble(Kinds.Zero, true, 0, 0) : Zero;
            return true;
        }

        // The significant digits D (leading zeros dropped) scaled by 10^k.
        long k = exponent - fractionDigits;
        long order = digits.Length + k; // value < 10^order
        if (order > 4940)
        {
            return false; // overflow (ERANGE, HUGE_VALL)
        }

        if (order < -4960)
        {
            return false; // underflow to zero (ERANGE)
        }

        BigInteger d = BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        if (k >= 0)
        {
            value = Round(d * BigInteger.Pow(10, (int)k), 0, sticky: false, negative);
        }
        else
        {
            BigInteger den = BigInteger.Pow(10, (int)-k);
            long shift = Math.Max(0, 70 + (long)den.GetBitLength() - (long)d.GetBitLength());
            BigInteger q = BigInteger.DivRem(d << (int)shift, den, out BigInteger r);
            value = Round(q, -(int)shift, sticky: !r.IsZero, negative);
        }

        return value.IsFinite && value._kind != Kinds.Zero;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> s, bool negative, out LongDouble value)
    {
        value = Zero;
        int p = 0;
        BigInteger m = BigInteger.Zero;
        long binaryExponent = 0;
        int anyDigits = 0;
        bool sticky = false;
        int significantBits = 0;
        bool fraction = false;
        while (p < s.Length)
        {
            byte b = s[p];
            int h = b >= (byte)'0' && b <= (byte)'9' ? b - '0'
                : (b | 0x20) >= (byte)'a' && (b | 0x20) <= (byte)'f' ? (b | 0x20) - 'a' + 10
                : -1;
            if (h < 0)
            {
                if (b == (byte)'.' && !fraction)
                {
                    fraction = true;
                    p++;
                    continue;
                }

                break;
            }

            anyDigits++;
            if (significantBits < 128)
            {
                m = (m << 4) | h;
                if (!m.IsZero)
                {
                    significantBits = (int)m.GetBitLength();
                }

                if (fraction)
                {
                    binaryExponent -= 4;
                }
            }
            else
            {
                sticky |= h != 0;
                if (!fraction)
                {
                    binaryExponent += 4;
                }
            }

            p++;
        }

        if (anyDigits == 0)
        {
            return false; // "0x" alone: strtold reads "0" and stops at 'x'
        }

        if (p < s.Length && (s[p] | 0x20) == (byte)'p')
        {
            p++;
            bool expNegative = false;
            if (p < s.Length && (s[p] == (byte)'+' || s[p] == (byte)'-'))
            {
                expNegative = s[p] == (byte)'-';
                p++;
            }

            long e = 0;
            int expDigits = 0;
            while (p < s.Length && (uint)(s[p] - '0') <= 9)
            {
                if (e < 1_000_000_000)
                {
                    e = (e * 10) + (s[p] - '0');
                }

                expDigits++;
                p++;
            }

            if (expDigits == 0)
            {
                return false;
            }

            binaryExponent += expNegative ? -e : e;
        }

        if (p != s.Length)
        {
            return false;
        }

        if (m.IsZero)
        {
            value = negative ? new LongDouble(Kinds.Zero, true, 0, 0) : Zero;
            return true;
        }

        long top = binaryExponent + significantBits;
        if (top > 16400)
        {
            return false;
        }

        if (top < -16500)
        {
            return false;
        }

        value = Round(m, (int)binaryExponent, sticky, negative);
        return value.IsFinite && value._kind != Kinds.Zero;
    }

    /// <summary>
    /// Rounds ±x·2^e (plus a nonzero amount below x's last bit when <paramref name="sticky"/>) to the nearest
    /// representable value, ties to even; infinity on overflow, zero on total underflow.
    /// </summary>
    private static LongDouble Round(BigInteger x, int e, bool sticky, bool negative)
    {
        if (x.IsZero)
        {
            return new LongDouble(Kinds.Zero, negative, 0, 0);
        }

        long length = (long)x.GetBitLength();
        long shift = length - 64;
        long resultExponent = e + shift;
        if (resultExponent < MinExponent)
        {
            shift += MinExponent - resultExponent;
            resultExponent = MinExponent;
        }

        BigInteger m;
        if (shift <= 0)
        {
            m = x << (int)-shift;
        }
        else if (shift > length + 1)
        {
            m = BigInteger.Zero; // far below half of the smallest subnormal
        }
        else
        {
            m = x >> (int)shift;
            bool half = !(x & (BigInteger.One << (int)(shift - 1))).IsZero;
            bool rest = sticky || !(x & ((BigInteger.One << (int)(shift - 1)) - 1)).IsZero;
            if (half && (rest || !m.IsEven))
            {
                m += 1;
                if (m.GetBitLength() > 64)
                {
                    m >>= 1;
                    resultExponent++;
                }
            }
        }

        if (m.IsZero)
        {
            return new LongDouble(Kinds.Zero, negative, 0, 0);
        }

        if (resultExponent > MaxExponent)
        {
            return Inf(negative);
        }

        return new LongDouble(Kinds.Finite, negative, (ulong)m, (int)resultExponent);
    }

    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a.IsNaN || b.IsNaN)
        {
            return NaNValue;
        }

        if (a.IsInfinity || b.IsInfinity)
        {
            if (a.IsInfinity && b.IsInfinity && a.Negative != b.Negative)
            {
                return NaNValue;
            }

            return a.IsInfinity ? a : b;
        }

        if (a._kind == Kinds.Zero)
        {
            return b._kind == Kinds.Zero ? new LongDouble(Kinds.Zero, a.Negative && b.Negative, 0, 0) : b;
        }

        if (b._kind == Kinds.Zero)
        {
            return a;
        }

        // Keep the exact sum small: an addend more than 140 bits below the other only matters as a sticky bit, and
        // any smaller positive stand-in rounds the same.
        LongDouble big = a.Exponent >= b.Exponent ? a : b;
        LongDouble small = a.Exponent >= b.Exponent ? b : a;
        int smallExponent = small.Exponent;
        BigInteger smallMantissa = small.Mantissa;
        if (big.Exponent - smallExponent > 140)
        {
            smallExponent = big.Exponent - 140;
            smallMantissa = BigInteger.One;
        }

        BigInteger x = (new BigInteger(big.Mantissa) << (big.Exponent - smallExponent)) * (big.Negative ? -1 : 1);
        x += small.Negative ? -smallMantissa : smallMantissa;
        if (x.IsZero)
        {
            return Zero;
        }

        return Round(BigInteger.Abs(x), smallExponent, sticky: false, negative: x.Sign < 0);
    }

    /// <summary>
    /// Redis ld2string in LD_STR_HUMAN mode: <c>%.17Lf</c> (exact value rounded to 17 decimals, ties to even), then
    /// trailing zeros and a trailing '.' removed, and "-0" printed as "0". Never an exponent: 1e400 prints all its
    /// 401 digits. Only for finite values.
    /// </summary>
    public byte[] ToHumanString()
    {
        if (!IsFinite)
        {
            throw new InvalidOperationException("not a finite value");
        }

        if (_kind == Kinds.Zero)
        {
            return "0"u8.ToArray();
        }

        var sb = new StringBuilder();
        if (Exponent >= 0)
        {
            if (Negative)
            {
                sb.Append('-');
            }

            sb.Append((new BigInteger(Mantissa) << Exponent).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Encoding.ASCII.GetBytes(sb.ToString());
        }

        int s = -Exponent;
        BigInteger n = new BigInteger(Mantissa) * TenPow17;
        BigInteger q = n >> s;
        BigInteger rem = n - (q << s);
        BigInteger half = BigInteger.One << (s - 1);
        int cmp = rem.CompareTo(half);
        if (cmp > 0 || (cmp == 0 && !q.IsEven))
        {
            q += 1;
        }

        if (q.IsZero)
        {
            return "0"u8.ToArray();
        }

        BigInteger integer = BigInteger.DivRem(q, TenPow17, out BigInteger frac);
        if (Negative)
        {
            sb.Append('-');
        }

        sb.Append(integer.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!frac.IsZero)
        {
            string f = ((ulong)frac).ToString("D17", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
            sb.Append('.').Append(f);
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
