using System.Numerics;
using ActorReplication.Cache.Commands;

namespace ActorReplication.Cache.Blocking;

/// <summary>
/// The timeout argument of the blocking commands, read as Redis 7.0 reads it: seconds as a C long double (decimal or
/// hexadecimal, inf; no spaces, no NaN), rounded up to whole milliseconds. A value whose milliseconds do not fit a
/// 64-bit integer (inf, 1e20) comes out negative on x86, as it does in Redis, so it is "timeout is negative"; 0 (and
/// anything that rounds up to 0, such as -0.0001) waits for ever.
/// </summary>
public static class BlockingTimeout
{
    public static ReadOnlySpan<byte> NotAFloat => "ERR timeout is not a float or out of range"u8;

    public static ReadOnlySpan<byte> Negative => "ERR timeout is negative"u8;

    private static readonly BigInteger LongMin = long.MinValue;
    private static readonly BigInteger LongMax = long.MaxValue;

    /// <summary>False with the error text in <paramref name="error"/> when Redis refuses the argument.</summary>
    public static bool TryParse(ReadOnlySpan<byte> arg, out long milliseconds, out ReadOnlySpan<byte> error)
    {
        milliseconds = 0;
        error = default;
        if (!LongDouble.TryParse(arg, out LongDouble seconds) || seconds.IsNaN)
        {
            error = NotAFloat;
            return false;
        }

        if (seconds.IsInfinity || !TryCeilMilliseconds(seconds, out milliseconds) || milliseconds < 0)
        {
            error = Negative;
            return false;
        }

        return true;
    }

    // ceil(seconds * 1000), false when it does not fit a long.
    private static bool TryCeilMilliseconds(LongDouble seconds, out long milliseconds)
    {
        milliseconds = 0;
        if (!seconds.IsFinite || seconds.Mantissa == 0) return true;
        BigInteger scaled = new BigInteger(seconds.Mantissa) * 1000;
        BigInteger whole;
        if (seconds.Exponent >= 0)
        {
            if (seconds.Exponent > 128) return false;
            whole = scaled << seconds.Exponent;
        }
        else if (-seconds.Exponent > 256)
        {
            whole = seconds.Negative ? BigInteger.Zero : BigInteger.One;
            milliseconds = (long)whole;
            return true;
        }
        else
        {
            BigInteger divisor = BigInteger.One << -seconds.Exponent;
            whole = BigInteger.DivRem(scaled, divisor, out BigInteger remainder);
            // Rounding up: a positive value with a fraction goes to the next integer, a negative one towards zero.
            if (!remainder.IsZero && !seconds.Negative) whole += 1;
        }

        if (seconds.Negative) whole = -whole;
        if (whole < LongMin || whole > LongMax) return false;
        milliseconds = (long)whole;
        return true;
    }
}
