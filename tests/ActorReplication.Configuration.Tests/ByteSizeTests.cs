namespace ActorReplication.Configuration.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("64", 64L)]
    [InlineData("64b", 64L)]
    [InlineData("1k", 1000L)]
    [InlineData("1kb", 1024L)]
    [InlineData("64KB", 65536L)]
    [InlineData("1kib", 1024L)]
    [InlineData("1m", 1_000_000L)]
    [InlineData("1mb", 1_048_576L)]
    [InlineData("256mb", 268_435_456L)]
    [InlineData("1g", 1_000_000_000L)]
    [InlineData("1gb", 1_073_741_824L)]
    [InlineData("1 gb", 1_073_741_824L)]
    [InlineData("1tb", 1_099_511_627_776L)]
    [InlineData("1.5kb", 1536L)]
    public void Redis_units_give_redis_sizes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("")]
    [InlineData("mb")]
    [InlineData("-1mb")]
    [InlineData("1 kilobyte")]
    [InlineData("0.3b")]
    [InlineData("99999999999tb")]
    public void Anything_else_is_not_a_size(string text) => Assert.False(ByteSize.TryParse(text, out _));
}
