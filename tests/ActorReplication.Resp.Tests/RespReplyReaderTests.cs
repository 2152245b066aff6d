using System.Buffers;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

public class RespReplyReaderTests
{
    private static readonly Dictionary<string, RespValue> Expected = new()
    {
        ["+OK\r\n"] = RespValue.SimpleString("OK"),
        ["+\r\n"] = RespValue.SimpleString(""),
        ["-ERR bad thing\r\n"] = RespValue.Error("ERR bad thing"),
        [":0\r\n"] = RespValue.FromInteger(0),
        [":-123\r\n"] = RespValue.FromInteger(-123),
        [":+7\r\n"] = RespValue.FromInteger(7),
        [":9223372036854775807\r\n"] = RespValue.FromInteger(long.MaxValue),
        [":-9223372036854775808\r\n"] = RespValue.FromInteger(long.MinValue),
        ["$3\r\nabc\r\n"] = RespValue.BulkString("abc"),
        ["$0\r\n\r\n"] = RespValue.BulkString(""),
        ["$5\r\na\r\nbc\r\n"] = RespValue.BulkString("a\r\nbc"),
        ["$-1\r\n"] = RespValue.NullBulkString,
        ["*-1\r\n"] = RespValue.NullArray,
        ["*0\r\n"] = RespValue.Array(),
        ["*2\r\n$1\r\na\r\n:1\r\n"] = RespValue.Array(RespValue.BulkString("a"), RespValue.FromInteger(1)),
        ["*3\r\n$-1\r\n*-1\r\n_\r\n"] = RespValue.Array(RespValue.NullBulkString, RespValue.NullArray, RespValue.Null),
        ["_\r\n"] = RespValue.Null,
        [",1.5\r\n"] = RespValue.FromDouble(1.5),
        [",3\r\n"] = RespValue.FromDouble(3),
        [",-0\r\n"] = RespValue.FromDouble(-0.0),
        [",1e+300\r\n"] = RespValue.FromDouble(1e300),
        [",inf\r\n"] = RespValue.FromDouble(double.PositiveInfinity),
        [",-inf\r\n"] = RespValue.FromDouble(double.NegativeInfinity),
        [",nan\r\n"] = RespValue.FromDouble(double.NaN),
        ["#t\r\n"] = RespValue.True,
        ["#f\r\n"] = RespValue.False,
        ["=8\r\ntxt:abcd\r\n"] = RespValue.Verbatim("txt", "abcd"u8),
        ["=4\r\nmkd:\r\n"] = RespValue.Verbatim("mkd", ""u8),
        ["(12345678901234567890123\r\n"] = RespValue.BigNumber("12345678901234567890123"),
        ["(-1\r\n"] = RespValue.BigNumber("-1"),
        ["!5\r\nERR x\r\n"] = RespValue.BlobError("ERR x"u8),
        ["%1\r\n+a\r\n:1\r\n"] = RespValue.Map(RespValue.SimpleString("a"), RespValue.FromInteger(1)),
        ["%0\r\n"] = RespValue.Map(),
        ["~2\r\n:1\r\n:2\r\n"] = RespValue.Set(RespValue.FromInteger(1), RespValue.FromInteger(2)),
        [">2\r\n+message\r\n$2\r\nhi\r\n"] = RespValue.Push(RespValue.SimpleString("message"), RespValue.BulkString("hi")),
        ["|1\r\n+key\r\n+val\r\n:5\r\n"] = RespValue.FromInteger(5).WithAttributes(RespValue.SimpleString("key"), RespValue.SimpleString("val")),
        ["*2\r\n|1\r\n+a\r\n*1\r\n:1\r\n*0\r\n:2\r\n"] = RespValue.Array(
            RespValue.Array().WithAttributes(RespValue.SimpleString("a"), RespValue.Array(RespValue.FromInteger(1))),
            RespValue.FromInteger(2)),
        ["*2\r\n*1\r\n:1\r\n%1\r\n~0\r\n>0\r\n"] = RespValue.Array(RespValue.Array(RespValue.FromInteger(1)), RespValue.Map(RespValue.Set(), RespValue.Push())),
    };

    public static TheoryData<string> Frames() => new(Expected.Keys);

    [Theory]
    [MemberData(nameof(Frames))]
    public void Reads_every_layout_identically(string frame)
    {
        byte[] data = Bytes(frame);
        RespValue want = Expected[frame];
        foreach ((string layout, ReadOnlySequence<byte> sequence) in Layouts(data))
        {
            ReadOnlySequence<byte> buffer = sequence;
            Assert.True(RespReplyReader.TryReadOne(ref buffer, out RespValue? value), layout);
            Assert.True(want.Equals(value), $"{layout}: {value}");
            Assert.Equal(0, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Reads_identically_when_fed_one_byte_at_a_time_with_one_reader(string frame)
    {
        // Two frames back to back, arriving a byte at a time, read by one (resuming) reader.
        byte[] data = Bytes(frame + frame);
        var reader = new RespReplyReader();
        var values = new List<RespValue>();
        int start = 0;
        for (int end = 1; end <= data.Length; end++)
        {
            ReadOnlySequence<byte> buffer = OneBytePerSegment(data[start..end]);
            long before = buffer.Length;
            while (reader.TryRead(ref buffer, out RespValue? value))
            {
                values.Add(value);
            }

            start += (int)(before - buffer.Length);
        }

        Assert.Equal(data.Length, start);
        Assert.Equal(2, values.Count);
        Assert.Equal(Expected[frame], values[0]);
        Assert.Equal(Expected[frame], values[1]);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_strict_prefix_is_incomplete(string frame)
    {
        byte[] data = Bytes(frame);
        for (int cut = 0; cut < data.Length; cut++)
        {
            ReadOnlySequence<byte> buffer = Split(data[..cut], cut / 2);
            Assert.False(RespReplyReader.TryReadOne(ref buffer, out _));
            Assert.Equal(cut, buffer.Length);
        }
    }

    public static TheoryData<string, string> Errors() => new()
    {
        { "?x\r\n", "Protocol error: invalid reply type byte '?'" },
        { "\r\n", "Protocol error: invalid reply type byte '\r'" },
        { ":abc\r\n", "Protocol error: invalid integer" },
        { ":\r\n", "Protocol error: invalid integer" },
        { ":-\r\n", "Protocol error: invalid integer" },
        { ":9223372036854775808\r\n", "Protocol error: invalid integer" },
        { ":1 \r\n", "Protocol error: invalid integer" },
        { "$-2\r\n", "Protocol error: invalid bulk length" },
        { "$x\r\n", "Protocol error: invalid bulk length" },
        { "!-1\r\n", "Protocol error: invalid bulk length" },
        { "$3\r\nabcXY", "Protocol error: expected CRLF after bulk payload" },
        { "#x\r\n", "Protocol error: invalid boolean" },
        { "#\r\n", "Protocol error: invalid boolean" },
        { "_x\r\n", "Protocol error: invalid null" },
        { ",x\r\n", "Protocol error: invalid double" },
        { ",1e400\r\n", "Protocol error: invalid double" },
        { "(12a\r\n", "Protocol error: invalid big number" },
        { "(\r\n", "Protocol error: invalid big number" },
        { "+a\rb\n", "Protocol error: expected CRLF" },
        { "=3\r\ntxt\r\n", "Protocol error: invalid bulk length" },
        { "=4\r\ntxtx\r\n", "Protocol error: invalid verbatim string" },
        { "*-2\r\n", "Protocol error: invalid multibulk length" },
        { "%-1\r\n", "Protocol error: invalid multibulk length" },
        { "%1073741824\r\n", "Protocol error: invalid multibulk length" },
        { "*x\r\n", "Protocol error: invalid multibulk length" },
        { "*2\r\n:1\r\n?\r\n", "Protocol error: invalid reply type byte '?'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Malformed_replies_throw_in_every_layout(string frame, string message)
    {
        byte[] data = Bytes(frame);
        foreach ((string layout, ReadOnlySequence<byte> sequence) in Layouts(data))
        {
            ReadOnlySequence<byte> buffer = sequence;
            var ex = Assert.Throws<RespProtocolException>(() => RespReplyReader.TryReadOne(ref buffer, out _));
            Assert.True(message == ex.Message, $"{layout}: {ex.Message}");
        }
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        byte[] deep = Bytes(string.Concat(Enumerable.Repeat("*1\r\n", 300)) + ":1\r\n");
        var buffer = new ReadOnlySequence<byte>(deep);
        Assert.Equal("Protocol error: nesting too deep", Assert.Throws<RespProtocolException>(() => RespReplyReader.TryReadOne(ref buffer, out _)).Message);

        byte[] ok = Bytes(string.Concat(Enumerable.Repeat("*1\r\n", 200)) + ":1\r\n");
        buffer = new ReadOnlySequence<byte>(ok);
        Assert.True(RespReplyReader.TryReadOne(ref buffer, out RespValue? value));
        for (int i = 0; i < 200; i++)
        {
            value = value.Items[0];
        }

        Assert.Equal(1, value.Integer);
    }

    [Fact]
    public void Line_and_bulk_limits()
    {
        var reader = new RespReplyReader { MaxLineLength = 10, MaxBulkLength = 3 };
        var buffer = new ReadOnlySequence<byte>(Bytes("+" + new string('a', 20)));
        Assert.Equal("Protocol error: too big reply line", Assert.Throws<RespProtocolException>(() => reader.TryRead(ref buffer, out _)).Message);
        buffer = new ReadOnlySequence<byte>(Bytes("+" + new string('a', 20) + "\r\n"));
        Assert.Throws<RespProtocolException>(() => reader.TryRead(ref buffer, out _));
        buffer = new ReadOnlySequence<byte>(Bytes("$4\r\nabcd\r\n"));
        Assert.Equal("Protocol error: invalid bulk length", Assert.Throws<RespProtocolException>(() => reader.TryRead(ref buffer, out _)).Message);

        // A huge declared bulk is simply incomplete, allocating nothing for it.
        reader = new RespReplyReader();
        buffer = new ReadOnlySequence<byte>(Bytes("$536870912\r\nabc"));
        Assert.False(reader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Large_reply_arriving_in_chunks_is_not_rescanned_from_the_start()
    {
        // 20 000 elements arriving 64 bytes at a time: quadratic rescanning would take minutes.
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output, RespProtocol.Resp3);
        writer.WriteArrayHeader(20_000);
        for (int i = 0; i < 20_000; i++)
        {
            writer.WriteBulkString(i);
        }

        byte[] data = output.WrittenSpan.ToArray();
        var pieces = new List<byte[]>();
        var reader = new RespReplyReader();
        RespValue? value = null;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < data.Length; i += 64)
        {
            pieces.Add(data[i..Math.Min(data.Length, i + 64)]);
            ReadOnlySequence<byte> buffer = new ReadOnlySequence<byte>(data, 0, Math.Min(data.Length, i + 64));
            if (reader.TryRead(ref buffer, out value))
            {
                Assert.Equal(0, buffer.Length);
            }
        }

        Assert.NotNull(value);
        Assert.Equal(20_000, value.Items.Count);
        Assert.Equal("19999", value.Items[19_999].AsString());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), sw.Elapsed.ToString());
    }

    [Fact]
    public void Reader_recovers_after_an_error_and_after_a_different_buffer()
    {
        var reader = new RespReplyReader();
        var buffer = new ReadOnlySequence<byte>(Bytes("*3\r\n:1\r\n"));
        Assert.False(reader.TryRead(ref buffer, out _));
        reader.Reset();
        buffer = new ReadOnlySequence<byte>(Bytes("+OK\r\n"));
        Assert.True(reader.TryRead(ref buffer, out RespValue? ok));
        Assert.Equal("OK", ok.AsString());

        buffer = new ReadOnlySequence<byte>(Bytes("*2\r\n?\r\n"));
        Assert.Throws<RespProtocolException>(() => reader.TryRead(ref buffer, out _));
        buffer = new ReadOnlySequence<byte>(Bytes(":5\r\n"));
        Assert.True(reader.TryRead(ref buffer, out RespValue? five));
        Assert.Equal(5, five.Integer);
    }

    [Fact]
    public void Value_helpers()
    {
        RespValue v = RespValue.Map(RespValue.BulkString("k"), RespValue.FromDouble(double.NaN));
        Assert.True(v.IsAggregate);
        Assert.False(v.IsNull);
        Assert.Equal(v, RespValue.Map(RespValue.BulkString("k"), RespValue.FromDouble(double.NaN)));
        Assert.Equal(v.GetHashCode(), RespValue.Map(RespValue.BulkString("k"), RespValue.FromDouble(double.NaN)).GetHashCode());
        Assert.NotEqual(v, RespValue.Map(RespValue.BulkString("k"), RespValue.FromDouble(1)));
        Assert.NotEqual(RespValue.BulkString("a"), RespValue.SimpleString("a"));
        Assert.NotEqual(RespValue.Null, RespValue.NullBulkString);
        Assert.True(RespValue.NullArray.IsNull);
        Assert.True(RespValue.BlobError("x"u8).IsError);
        Assert.True(RespValue.True.Boolean);
        Assert.Equal("%[$k, ,NaN]", v.ToString());
        Assert.Throws<ArgumentException>(() => RespValue.Map(RespValue.Null));
        Assert.Throws<ArgumentException>(() => RespValue.Verbatim("text", "x"u8));
    }
}
