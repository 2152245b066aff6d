using System.Buffers;
using System.Text;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

public class RespRequestParserTests
{
    // input (Latin-1 text), expected requests: arguments separated by ' ' is ambiguous, so arguments are given as
    // string[][] via a tiny notation: requests separated by '|', arguments by '·'; "∅" is an empty argument.
    public static TheoryData<string, string> ValidFrames() => new()
    {
        { "*1\r\n$4\r\nPING\r\n", "PING" },
        { "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n", "GET·key" },
        { "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", "SET·k·∅" },
        { "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n", "SET·k·a\r\nb" },
        { "*2\r\n$4\r\nECHO\r\n$3\r\n\0\u00ff*\r\n", "ECHO·\0\u00ff*" },
        { "*0\r\n", "" },
        { "*-1\r\n", "" },
        { "*-5\r\n", "" },
        { "*0\r\n*1\r\n$4\r\nPING\r\n", "PING" },
        { "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "PING|GET·k" },
        { "*1\r\n$1\r\nA\nX", "A" }, // Redis skips the two bytes after a payload unchecked
        { "PING\r\n", "PING" },
        { "PING\n", "PING" },
        { "set a b\r\n", "set·a·b" },
        { "  set   a\tb  \r\n", "set·a·b" },
        { "\r\n", "" },
        { "\n", "" },
        { "   \r\n", "" },
        { "\r\nPING\r\n\r\n", "PING" },
        { "PING\r\n*1\r\n$4\r\nPING\r\nPING\n", "PING|PING|PING" },
        { "set \"a b\" c\r\n", "set·a b·c" },
        { "\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n", "\n\r\t\b\a\\\"q" },
        { "\"\\x41\\x4a\\x4A\\xzz\\x4\"\r\n", "AJJxzzx4" },
        { "\"\\x\"\r\n", "x" },
        { "'it\\'s'\r\n", "it's" },
        { "'a\\nb \"c\"'\r\n", "a\\nb \"c\"" },
        { "\"\" ''\r\n", "∅·∅" },
        { "a\"b c\"\r\n", "ab c" },
        { "a'b c'\r\n", "ab c" },
        { "\"a\" b\r\n", "a·b" },
        { "\"a\"\tb\r\n", "a·b" },
        { "GET a\0b\r\n", "GET·a" },
        { "get a\vb\r\n", "get·a\vb" },
        { "\v\fget\r\n", "get" },
        { "GET a\r\r\n", "GET·a" },
        { "x\u00e9y\r\n", "x\u00e9y" },
    };

    private static List<string[]> Expected(string notation)
    {
        var result = new List<string[]>();
        if (notation.Length == 0)
        {
            return result;
        }

        foreach (string request in notation.Split('|'))
        {
            result.Add(HexArgs(request.Split('·').Select(a => a == "∅" ? string.Empty : a).ToArray()));
        }

        return result;
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Parses_every_layout_identically(string input, string expected)
    {
        byte[] data = Bytes(input);
        string want = Describe(Expected(expected));
        foreach ((string layout, ReadOnlySequence<byte> sequence) in Layouts(data))
        {
            (List<string[]> requests, long consumed) = ParseAll(sequence);
            Assert.True(want == Describe(requests), layout);
            Assert.True(data.Length == consumed, layout);
        }
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Parses_identically_when_fed_one_byte_at_a_time(string input, string expected)
    {
        (List<string[]> requests, int leftover) = ParseIncrementally(Bytes(input));
        Assert.Equal(Describe(Expected(expected)), Describe(requests));
        Assert.Equal(0, leftover);
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Every_strict_prefix_of_a_single_request_is_incomplete_and_consumes_nothing(string input, string expected)
    {
        byte[] data = Bytes(input);
        if (Expected(expected).Count != 1)
        {
            return;
        }

        // Find where the first request ends; every prefix before it must be incomplete.
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        var full = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        while (batch.Count == 0)
        {
            Assert.True(parser.TryParse(ref full, batch));
        }

        long end = full.Consumed;
        for (int cut = 0; cut < end; cut++)
        {
            foreach (ReadOnlySequence<byte> sequence in new[] { new ReadOnlySequence<byte>(data, 0, cut), OneBytePerSegment(data[..cut]) })
            {
                batch.Reset();
                var reader = new SequenceReader<byte>(sequence);
                long consumedBefore = reader.Consumed;
                bool progressed = true;
                while (progressed && !reader.End)
                {
                    consumedBefore = reader.Consumed;
                    progressed = parser.TryParse(ref reader, batch);
                }

                // Leading empty requests may be consumed; the real one never is.
                Assert.Equal(0, batch.Count);
                Assert.Equal(0, batch.ByteCount);
                if (!progressed)
                {
                    Assert.Equal(consumedBefore, reader.Consumed);
                }
            }
        }
    }

    public static TheoryData<string, string> Errors() => new()
    {
        { "*abc\r\n", "Protocol error: invalid multibulk length" },
        { "*\r\n", "Protocol error: invalid multibulk length" },
        { "*-\r\n", "Protocol error: invalid multibulk length" },
        { "*+1\r\n", "Protocol error: invalid multibulk length" },
        { "*01\r\n", "Protocol error: invalid multibulk length" },
        { "* 1\r\n", "Protocol error: invalid multibulk length" },
        { "*1 \r\n", "Protocol error: invalid multibulk length" },
        { "*1048577\r\n", "Protocol error: invalid multibulk length" },
        { "*99999999999999999999\r\n", "Protocol error: invalid multibulk length" },
        { "*1\n$1\na\r\n", "Protocol error: invalid multibulk length" }, // header lines end at '\r'
        { "*1\r\n$abc\r\n", "Protocol error: invalid bulk length" },
        { "*1\r\n$\r\n", "Protocol error: invalid bulk length" },
        { "*1\r\n$-1\r\n", "Protocol error: invalid bulk length" },
        { "*1\r\n$01\r\na\r\n", "Protocol error: invalid bulk length" },
        { "*1\r\n$536870913\r\n", "Protocol error: invalid bulk length" },
        { "*1\r\n$1 \r\n", "Protocol error: invalid bulk length" },
        { "*1\r\nx3\r\n", "Protocol error: expected '$', got 'x'" },
        { "*1\r\n:3\r\n", "Protocol error: expected '$', got ':'" },
        { "*1\r\n\r\n", "Protocol error: expected '$', got '\r'" },
        { "*2\r\n$1\r\na\r\n*1\r\n", "Protocol error: expected '$', got '*'" },
        { "GET \"abc\r\n", "Protocol error: unbalanced quotes in request" },
        { "GET 'abc\r\n", "Protocol error: unbalanced quotes in request" },
        { "\"a\"b\r\n", "Protocol error: unbalanced quotes in request" },
        { "'a'b\r\n", "Protocol error: unbalanced quotes in request" },
        { "\"a\"\"b\"\r\n", "Protocol error: unbalanced quotes in request" },
        { "\"abc\\\"\r\n", "Protocol error: unbalanced quotes in request" },
        { "\"a\0b\"\r\n", "Protocol error: unbalanced quotes in request" },
        { "a\"b c\"d\r\n", "Protocol error: unbalanced quotes in request" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Malformed_input_throws_redis_error_text_in_every_layout(string input, string message)
    {
        byte[] data = Bytes(input);
        foreach ((string layout, ReadOnlySequence<byte> sequence) in Layouts(data))
        {
            var ex = Assert.Throws<RespProtocolException>(() => ParseAll(sequence));
            Assert.True(message == ex.Message, $"{layout}: {ex.Message}");
        }

        var incremental = Assert.Throws<RespProtocolException>(() => ParseIncrementally(data));
        Assert.Equal(message, incremental.Message);
    }

    [Fact]
    public void Too_big_inline_request()
    {
        byte[] data = Bytes(new string('a', RespRequestParser.InlineMaxSize));
        Assert.Empty(ParseAll(new ReadOnlySequence<byte>(data)).Requests);
        byte[] tooBig = Bytes(new string('a', RespRequestParser.InlineMaxSize + 1));
        foreach (ReadOnlySequence<byte> s in new[] { new ReadOnlySequence<byte>(tooBig), Split(tooBig, 10, 1000, 40000) })
        {
            Assert.Equal("Protocol error: too big inline request", Assert.Throws<RespProtocolException>(() => ParseAll(s)).Message);
        }

        // A long inline line is accepted once its newline is there (as in Redis).
        byte[] longLine = Bytes("ECHO " + new string('b', 70_000) + "\r\n");
        var (requests, consumed) = ParseAll(Split(longLine, 3, 30_000));
        Assert.Single(requests);
        Assert.Equal(longLine.Length, consumed);
    }

    [Fact]
    public void Too_big_count_strings()
    {
        byte[] mbulk = Bytes("*" + new string('1', RespRequestParser.InlineMaxSize + 1));
        Assert.Equal("Protocol error: too big mbulk count string", Assert.Throws<RespProtocolException>(() => ParseAll(Split(mbulk, 5))).Message);
        byte[] bulk = Bytes("*1\r\n$" + new string('1', RespRequestParser.InlineMaxSize + 1));
        Assert.Equal("Protocol error: too big bulk count string", Assert.Throws<RespProtocolException>(() => ParseAll(Split(bulk, 5))).Message);

        // Up to the limit it is merely incomplete.
        byte[] almost = Bytes("*" + new string('1', RespRequestParser.InlineMaxSize - 1));
        Assert.Equal(0, ParseAll(new ReadOnlySequence<byte>(almost)).Consumed);

        // A header line that has its terminator but is absurdly long is an invalid length.
        byte[] longHeader = Bytes("*" + new string('1', 100) + "\r\n");
        Assert.Equal("Protocol error: invalid multibulk length", Assert.Throws<RespProtocolException>(() => ParseAll(Split(longHeader, 50))).Message);
        byte[] longBulkHeader = Bytes("*1\r\n$" + new string('1', 100) + "\r\n");
        Assert.Equal("Protocol error: invalid bulk length", Assert.Throws<RespProtocolException>(() => ParseAll(Split(longBulkHeader, 50))).Message);
    }

    [Fact]
    public void An_unauthenticated_client_may_send_ten_arguments_and_bulks_of_16384_bytes()
    {
        var parser = new RespRequestParser { Unauthenticated = true, ConsumesIncompleteRequests = true };
        Assert.Equal("Protocol error: unauthenticated multibulk length",
            Assert.Throws<RespProtocolException>(() => ParseAll(new ReadOnlySequence<byte>(Bytes("*11\r\n")), parser)).Message);
        Assert.Equal("Protocol error: unauthenticated bulk length",
            Assert.Throws<RespProtocolException>(() => ParseAll(new ReadOnlySequence<byte>(Bytes("*2\r\n$4\r\nECHO\r\n$16385\r\n")), parser)).Message);
        Assert.Single(ParseAll(new ReadOnlySequence<byte>(Bytes("*2\r\n$4\r\nECHO\r\n$1\r\na\r\n")), new RespRequestParser { Unauthenticated = true }).Requests);
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var parser = new RespRequestParser { MaxBulkLength = 3, MaxMultibulkLength = 2 };
        Assert.Single(ParseAll(new ReadOnlySequence<byte>(Bytes("*2\r\n$3\r\nGET\r\n$3\r\nabc\r\n")), parser).Requests);
        Assert.Equal("Protocol error: invalid bulk length", Assert.Throws<RespProtocolException>(() => ParseAll(new ReadOnlySequence<byte>(Bytes("*1\r\n$4\r\nPING\r\n")), parser)).Message);
        Assert.Equal("Protocol error: invalid multibulk length", Assert.Throws<RespProtocolException>(() => ParseAll(new ReadOnlySequence<byte>(Bytes("*3\r\n")), parser)).Message);
        Assert.Equal(1048576, new RespRequestParser().MaxMultibulkLength);
        Assert.Equal(512L * 1024 * 1024, new RespRequestParser().MaxBulkLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespRequestParser { MaxBulkLength = (long)Array.MaxLength + 1 });
    }

    [Fact]
    public void Maximum_multibulk_count_is_accepted_and_incomplete()
    {
        Assert.Equal(0, ParseAll(new ReadOnlySequence<byte>(Bytes("*1048576\r\n$1\r\na\r\n"))).Consumed);
    }

    [Fact]
    public void Huge_declared_bulk_does_not_allocate_up_front()
    {
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        byte[] data = Bytes("*2\r\n$3\r\nSET\r\n$536870912\r\n" + new string('x', 1000));
        var buffer = new ReadOnlySequence<byte>(data);
        parser.Parse(ref buffer, batch); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            buffer = new ReadOnlySequence<byte>(data);
            Assert.Equal(0, parser.Parse(ref buffer, batch));
            Assert.Equal(data.Length, buffer.Length);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Equal(0, batch.ByteCount);
    }

    [Fact]
    public void Large_bulk_split_across_many_segments_is_copied_once_complete()
    {
        byte[] payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        var output = new ArrayBufferWriter<byte>();
        new RespWriter(output).WriteCommand("SET"u8, "key"u8, payload);
        byte[] data = output.WrittenSpan.ToArray();
        var pieces = new List<byte[]>();
        for (int i = 0; i < data.Length; i += 4096)
        {
            pieces.Add(data[i..Math.Min(data.Length, i + 4096)]);
        }

        // Arrives 4 KiB at a time.
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        for (int n = 1; n <= pieces.Count; n++)
        {
            ReadOnlySequence<byte> buffer = FromPieces(pieces.Take(n).ToList());
            int added = parser.Parse(ref buffer, batch);
            Assert.Equal(n == pieces.Count ? 1 : 0, added);
        }

        Assert.Equal(payload, batch[0].Arg(2).ToArray());
        Assert.Equal(data.Length, batch.GetWireLength(0));
    }

    [Fact]
    public void Requests_before_a_protocol_error_stay_in_the_batch_and_the_buffer_is_advanced()
    {
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        byte[] data = Bytes("*1\r\n$4\r\nPING\r\nECHO 'x\r\n");
        var buffer = new ReadOnlySequence<byte>(data);
        var ex = Assert.Throws<RespProtocolException>(() => parser.Parse(ref buffer, batch));
        Assert.Equal("Protocol error: unbalanced quotes in request", ex.Message);
        Assert.Equal(1, batch.Count);
        Assert.Equal("PING", batch[0].ArgString(0));
        Assert.Equal(4, batch.ByteCount);
        Assert.Equal(data.Length - 14, buffer.Length);
    }

    [Fact]
    public void Parse_respects_max_requests_and_batch_byte_limit()
    {
        byte[] data = Bytes("PING\r\nPING\r\nPING\r\n");
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.Equal(2, parser.Parse(ref buffer, batch, maxRequests: 2));
        Assert.Equal(6, buffer.Length);

        parser.BatchByteLimit = 4;
        batch.Reset();
        buffer = new ReadOnlySequence<byte>(data);
        Assert.Equal(1, parser.Parse(ref buffer, batch));
        Assert.Equal(12, buffer.Length);
    }

    [Fact]
    public void Wire_lengths_are_recorded_per_request()
    {
        byte[] data = Bytes("*1\r\n$4\r\nPING\r\n\r\nset a b\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.Equal(3, parser.Parse(ref buffer, batch));
        Assert.Equal(14, batch.GetWireLength(0));
        Assert.Equal(9, batch.GetWireLength(1));
        Assert.Equal(20, batch.GetWireLength(2));
        Assert.Equal(43, batch.WireByteCount); // the blank line is consumed but belongs to no request
    }

    [Fact]
    public void TryParseCommand_returns_an_owned_command()
    {
        var parser = new RespRequestParser();
        var buffer = new ReadOnlySequence<byte>(Bytes("\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPI"));
        Assert.True(parser.TryParseCommand(ref buffer, out RespCommand command));
        Assert.Equal(["GET", "k"], command.ToStringArray());
        Assert.Equal(2, buffer.Length);
        Assert.False(parser.TryParseCommand(ref buffer, out _));
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void Steady_state_parsing_does_not_allocate()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output);
        for (int i = 0; i < 100; i++)
        {
            writer.WriteCommand("SET"u8, "key"u8, "value"u8);
            writer.WriteCommand("GET"u8, "key"u8);
            writer.WriteRaw("PING\r\n"u8);
        }

        byte[] data = output.WrittenSpan.ToArray();
        ReadOnlySequence<byte> split = Split(data, 1000, 2001, 3333);
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        void Run(ReadOnlySequence<byte> seq)
        {
            batch.Reset();
            ReadOnlySequence<byte> buffer = seq;
            if (parser.Parse(ref buffer, batch) != 300)
            {
                throw new InvalidOperationException("expected 300 requests");
            }

            for (int i = 0; i < batch.Count; i++)
            {
                RespCommand c = batch[i];
                if (c.Id == CommandId.Unknown)
                {
                    throw new InvalidOperationException();
                }
            }
        }

        Run(new ReadOnlySequence<byte>(data));
        Run(split);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Run(new ReadOnlySequence<byte>(data));
            Run(split);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
