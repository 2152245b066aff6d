using System.Buffers;
using System.Text;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

public class RespCommandTests
{
    [Theory]
    [InlineData("0", true, 0L)]
    [InlineData("1", true, 1L)]
    [InlineData("-1", true, -1L)]
    [InlineData("123", true, 123L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("-9223372036854775809", false, 0L)]
    [InlineData("18446744073709551616", false, 0L)]
    [InlineData("99999999999999999999", false, 0L)]
    [InlineData("", false, 0L)]
    [InlineData("-", false, 0L)]
    [InlineData("+1", false, 0L)]
    [InlineData("01", false, 0L)]
    [InlineData("00", false, 0L)]
    [InlineData("-0", false, 0L)]
    [InlineData("-01", false, 0L)]
    [InlineData(" 1", false, 0L)]
    [InlineData("1 ", false, 0L)]
    [InlineData("1a", false, 0L)]
    [InlineData("1.0", false, 0L)]
    [InlineData("1e3", false, 0L)]
    [InlineData("0x10", false, 0L)]
    public void TryGetLong_follows_redis_string2ll(string text, bool ok, long expected)
    {
        RespCommand c = RespCommand.Create("INCRBY", "k", text);
        Assert.Equal(ok, c.TryGetLong(2, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("2147483647", true)]
    [InlineData("-2147483648", true)]
    [InlineData("2147483648", false)]
    [InlineData("-2147483649", false)]
    public void TryGetInt_requires_int_range(string text, bool ok) =>
        Assert.Equal(ok, RespCommand.Create("X", text).TryGetInt(1, out _));

    [Theory]
    [InlineData("1", true, 1.0)]
    [InlineData("-1.5", true, -1.5)]
    [InlineData("+1.5", true, 1.5)]
    [InlineData(".5", true, 0.5)]
    [InlineData("5.", true, 5.0)]
    [InlineData("1e3", true, 1000.0)]
    [InlineData("1E-3", true, 0.001)]
    [InlineData("1e+3", true, 1000.0)]
    [InlineData("007", true, 7.0)]
    [InlineData("0", true, 0.0)]
    [InlineData("-0", true, -0.0)]
    [InlineData("0e500", true, 0.0)]
    [InlineData("inf", true, double.PositiveInfinity)]
    [InlineData("+inf", true, double.PositiveInfinity)]
    [InlineData("-inf", true, double.NegativeInfinity)]
    [InlineData("INF", true, double.PositiveInfinity)]
    [InlineData("Infinity", true, double.PositiveInfinity)]
    [InlineData("-infinity", true, double.NegativeInfinity)]
    [InlineData("1.7976931348623157e308", true, double.MaxValue)]
    [InlineData("4.9e-324", true, double.Epsilon)]
    [InlineData("nan", false, 0.0)]
    [InlineData("NaN", false, 0.0)]
    [InlineData("-nan", false, 0.0)]
    [InlineData("1e400", false, 0.0)]
    [InlineData("-1e400", false, 0.0)]
    [InlineData("1e-400", false, 0.0)]
    [InlineData("", false, 0.0)]
    [InlineData(" 1", false, 0.0)]
    [InlineData("1 ", false, 0.0)]
    [InlineData("1,5", false, 0.0)]
    [InlineData(".", false, 0.0)]
    [InlineData("e3", false, 0.0)]
    [InlineData("1e", false, 0.0)]
    [InlineData("1e+", false, 0.0)]
    [InlineData("--1", false, 0.0)]
    [InlineData("+-1", false, 0.0)]
    [InlineData("in", false, 0.0)]
    [InlineData("infinit", false, 0.0)]
    [InlineData("1_000", false, 0.0)]
    public void TryGetDouble_follows_redis_rules(string text, bool ok, double expected)
    {
        RespCommand c = RespCommand.Create("INCRBYFLOAT", "k", text);
        Assert.Equal(ok, c.TryGetDouble(2, out double value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Accessors()
    {
        RespCommand c = RespCommand.Create("set", "Key", "välue", "ex", "10");
        Assert.Equal(5, c.ArgCount);
        Assert.Equal("set"u8.ToArray(), c.Name.ToArray());
        Assert.Equal(CommandId.Set, c.Id);
        Assert.True(c.ArgEqualsIgnoreCase(0, "SET"u8));
        Assert.True(c.ArgEqualsIgnoreCase(3, "EX"u8));
        Assert.False(c.ArgEqualsIgnoreCase(3, "PX"u8));
        Assert.False(c.ArgEqualsIgnoreCase(3, "EXX"u8));
        Assert.Equal("välue", c.ArgString(2));
        Assert.Equal(6, c.ArgLength(2));
        Assert.Equal(Encoding.UTF8.GetBytes("välue"), c.ArgToArray(2));
        Assert.Equal(Encoding.UTF8.GetBytes("välue"), c.ArgMemory(2).ToArray());
        Assert.True(c.TryGetLong(4, out long ttl));
        Assert.Equal(10, ttl);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Arg(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Arg(-1));
        Assert.Equal(["set", "Key", "välue", "ex", "10"], c.ToStringArray());
        Assert.Equal("set Key \"v\\xc3\\xa4lue\" ex 10", c.ToString());

        RespCommand sub = c.Skip(3);
        Assert.Equal(2, sub.ArgCount);
        Assert.Equal("ex", sub.ArgString(0));
        Assert.Equal(0, c.Skip(5).ArgCount);
        Assert.Equal(CommandId.Unknown, c.Skip(5).Id);

        RespCommand none = default;
        Assert.Equal(0, none.ArgCount);
        Assert.True(none.Name.IsEmpty);
        Assert.Equal(string.Empty, none.ToString());
    }

    [Fact]
    public void Create_from_bytes_and_encoded_length()
    {
        RespCommand c = RespCommand.Create([[1, 2, 3], [], new byte[12]]);
        Assert.Equal(3, c.ArgCount);
        Assert.Equal(new byte[] { 1, 2, 3 }, c.Arg(0).ToArray());
        Assert.Equal(0, c.ArgLength(1));
        var output = new ArrayBufferWriter<byte>();
        new RespWriter(output).WriteCommand(c);
        Assert.Equal(output.WrittenCount, c.EncodedLength);
    }

    [Fact]
    public void Batch_views_and_owned_copies()
    {
        using var batch = new RespRequestBatch(initialDataCapacity: 1, initialRequestCapacity: 1);
        for (int i = 0; i < 100; i++)
        {
            batch.Add("SET", "key" + i, new string('v', i));
        }

        batch.Add(RespCommand.Create("GET", "x"));
        Assert.Equal(101, batch.Count);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(["SET", "key" + i, new string('v', i)], batch[i].ToStringArray());
            Assert.Equal(RespCommand.Create("SET", "key" + i, new string('v', i)).EncodedLength, batch.GetWireLength(i));
        }

        RespCommand owned = batch[100].ToOwned();
        batch.Reset();
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.ByteCount);
        Assert.Equal(0, batch.WireByteCount);
        batch.Add("PING");
        Assert.Equal(["GET", "x"], owned.ToStringArray());
        Assert.Equal(["PING"], batch[0].ToStringArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => batch[1]);
        Assert.Throws<ArgumentException>(() => batch.Add(default(RespCommand)));
    }

    [Fact]
    public void Batch_shrinks_after_a_huge_request_and_survives_dispose()
    {
        var batch = new RespRequestBatch();
        batch.Add(RespCommand.Create([new byte[3_000_000]]));
        Assert.Equal(3_000_000, batch.ByteCount);
        batch.Reset();
        batch.Add("PING");
        Assert.Equal("PING", batch[0].ArgString(0));
        batch.Dispose();
        batch.Dispose();
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task Batch_can_be_handed_to_another_thread()
    {
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        var buffer = new ReadOnlySequence<byte>(Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\nget k\r\n"));
        parser.Parse(ref buffer, batch);
        string[][] seen = await Task.Run(() =>
        {
            var result = new string[batch.Count][];
            for (int i = 0; i < batch.Count; i++)
            {
                result[i] = batch[i].ToStringArray();
            }

            return result;
        });
        Assert.Equal(["SET", "k", "v"], seen[0]);
        Assert.Equal(["get", "k"], seen[1]);
    }

    [Fact]
    public void Identify_recognises_every_name_in_any_case()
    {
        Assert.True(RespCommandTable.Count > 150);
        for (int i = 1; i <= RespCommandTable.Count; i++)
        {
            var id = (CommandId)i;
            string name = RespCommandTable.GetName(id);
            Assert.Equal(id, RespCommandTable.Identify(Encoding.ASCII.GetBytes(name)));
            Assert.Equal(id, RespCommandTable.Identify(Encoding.ASCII.GetBytes(name.ToLowerInvariant())));
            string mixed = string.Concat(name.Select((ch, k) => k % 2 == 0 ? char.ToLowerInvariant(ch) : ch));
            Assert.Equal(id, RespCommandTable.Identify(Encoding.ASCII.GetBytes(mixed)));
            Assert.Equal(id, RespCommand.Create(mixed, "arg").Id);

            // Near misses are unknown.
            Assert.Equal(CommandId.Unknown, RespCommandTable.Identify(Encoding.ASCII.GetBytes(name + "#")));
            Assert.Equal(CommandId.Unknown, RespCommandTable.Identify(Encoding.ASCII.GetBytes(name[..^1] + "\u007f")));
            byte[] shifted = Encoding.ASCII.GetBytes(name);
            shifted[0] ^= 0x80;
            Assert.Equal(CommandId.Unknown, RespCommandTable.Identify(shifted));
        }

        Assert.Equal(string.Empty, RespCommandTable.GetName(CommandId.Unknown));
    }

    [Theory]
    [InlineData("GET", CommandId.Get)]
    [InlineData("set", CommandId.Set)]
    [InlineData("Del", CommandId.Del)]
    [InlineData("ping", CommandId.Ping)]
    [InlineData("INCR", CommandId.Incr)]
    [InlineData("incrbyfloat", CommandId.IncrByFloat)]
    [InlineData("HINCRBYFLOAT", CommandId.HIncrByFloat)]
    [InlineData("replicaof", CommandId.ReplicaOf)]
    [InlineData("SLAVEOF", CommandId.SlaveOf)]
    [InlineData("psync", CommandId.PSync)]
    [InlineData("REPLCONF", CommandId.ReplConf)]
    [InlineData("ZREVRANGEBYSCORE", CommandId.ZRevRangeByScore)]
    [InlineData("zremrangebyscore", CommandId.ZRemRangeByScore)]
    [InlineData("sort_ro", CommandId.SortRo)]
    [InlineData("MEMBER", CommandId.Member)]
    [InlineData("FAILOVER", CommandId.Failover)]
    [InlineData("", CommandId.Unknown)]
    [InlineData("GE", CommandId.Unknown)]
    [InlineData("GETT", CommandId.Unknown)]
    [InlineData("SUBSCRIBE", CommandId.Unknown)]
    [InlineData("ZREVRANGEBYSCOREX", CommandId.Unknown)]
    [InlineData("G\u00c5T", CommandId.Unknown)]
    public void Identify_examples(string name, CommandId expected) =>
        Assert.Equal(expected, RespCommandTable.Identify(Encoding.Latin1.GetBytes(name)));
}
