using System.Text;
using ActorReplication.Cache.Blocking;

namespace ActorReplication.Cache.Tests.Blocking;

/// <summary>The timeout argument as redis-server 7.0.15 reads it (each row checked against it by hand).</summary>
public class BlockingTimeoutTests
{
    private const string NotAFloat = "ERR timeout is not a float or out of range";
    private const string Negative = "ERR timeout is negative";

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("-0.0001", 0)] // rounds up to 0 ms: waits for ever, as Redis does
    [InlineData("0.0001", 1)] // rounds up to 1 ms
    [InlineData("1e-5", 1)]
    [InlineData("1", 1000)]
    [InlineData("+1", 1000)]
    [InlineData("1.", 1000)]
    [InlineData(".5", 500)]
    [InlineData("0.0015", 2)]
    [InlineData("0x10", 16000)]
    [InlineData("0x1p-10", 1)]
    [InlineData("9223372036854775", 9223372036854775000)]
    public void Accepted_timeouts_are_milliseconds_rounded_up(string text, long expected)
    {
        Assert.True(BlockingTimeout.TryParse(Encoding.ASCII.GetBytes(text), out long ms, out _));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("abc", NotAFloat)]
    [InlineData("nan", NotAFloat)]
    [InlineData(" 1", NotAFloat)]
    [InlineData("1 ", NotAFloat)]
    [InlineData("", NotAFloat)]
    [InlineData("1e-5000", NotAFloat)]
    [InlineData("-1", Negative)]
    [InlineData("-0.5", Negative)]
    [InlineData("inf", Negative)]
    [InlineData("-inf", Negative)]
    [InlineData("1e20", Negative)] // its milliseconds overflow a long, which x86 makes negative
    [InlineData("9223372036854775807", Negative)]
    [InlineData("9223372036854776", Negative)]
    public void Refused_timeouts_get_redis_errors(string text, string error)
    {
        Assert.False(BlockingTimeout.TryParse(Encoding.ASCII.GetBytes(text), out _, out ReadOnlySpan<byte> message));
        Assert.Equal(error, Encoding.ASCII.GetString(message));
    }
}
