using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

/// <summary>
/// The parser with <see cref="RespRequestParser.ConsumesIncompleteRequests"/> (as client connections run it): input
/// arrives in reads, the caller keeps what was not consumed (like a PipeReader), and the parse resumes where it stopped.
/// </summary>
public class RespRequestParserResumeTests
{
    private static RespRequestParser Resuming() => new() { ConsumesIncompleteRequests = true };

    /// <summary>Feeds <paramref name="data"/> in reads ending at <paramref name="readEnds"/> (then the rest); returns requests (hex) and wire lengths.</summary>
    private static (List<string[]> Requests, List<long> WireLengths, int Leftover) Feed(RespRequestParser parser, byte[] data, IEnumerable<int> readEnds)
    {
        using var batch = new RespRequestBatch();
        var requests = new List<string[]>();
        var wire = new List<long>();
        int start = 0;
        foreach (int end in readEnds.Append(data.Length))
        {
            if (end < start)
            {
                continue;
            }

            // What the caller kept plus the new read; parsed again while it consumes (a batch holds at most BatchByteLimit).
            long consumed;
            do
            {
                ReadOnlySequence<byte> buffer = Split(data[start..end], 0);
                long before = buffer.Length;
                batch.Reset();
                parser.Parse(ref buffer, batch);
                consumed = before - buffer.Length;
                start += (int)consumed;
                for (int i = 0; i < batch.Count; i++)
                {
                    requests.Add(HexArgs(batch[i]));
                    wire.Add(batch.GetWireLength(i));
                }
            }
            while (consumed > 0 && start < end);
        }

        return (requests, wire, data.Length - start);
    }

    private static (List<string[]> Requests, List<long> WireLengths) ParseWhole(byte[] data)
    {
        using var batch = new RespRequestBatch();
        var buffer = new ReadOnlySequence<byte>(data);
        new RespRequestParser().Parse(ref buffer, batch);
        var requests = new List<string[]>();
        var wire = new List<long>();
        for (int i = 0; i < batch.Count; i++)
        {
            requests.Add(HexArgs(batch[i]));
            wire.Add(batch.GetWireLength(i));
        }

        return (requests, wire);
    }

    [Theory]
    [MemberData(nameof(RespRequestParserTests.ValidFrames), MemberType = typeof(RespRequestParserTests))]
    public void Every_valid_frame_split_at_every_byte_parses_as_a_whole(string input, string expected)
    {
        _ = expected; // the whole-buffer parse is the reference; RespRequestParserTests checks it against the notation
        byte[] data = Bytes(input);
        (List<string[]> want, List<long> wantWire) = ParseWhole(data);
        for (int cut = 0; cut <= data.Length; cut++)
        {
            (List<string[]> got, List<long> wire, int leftover) = Feed(Resuming(), data, [cut]);
            Assert.True(Describe(want) == Describe(got), $"cut at {cut}");
            Assert.Equal(wantWire, wire);
            Assert.Equal(0, leftover);
        }

        (List<string[]> bytewise, List<long> bytewiseWire, int rest) = Feed(Resuming(), data, Enumerable.Range(1, data.Length));
        Assert.Equal(Describe(want), Describe(bytewise));
        Assert.Equal(wantWire, bytewiseWire);
        Assert.Equal(0, rest);
    }

    [Theory]
    [MemberData(nameof(RespRequestParserTests.Errors), MemberType = typeof(RespRequestParserTests))]
    public void Malformed_input_keeps_its_redis_error_when_split_at_every_byte(string input, string message)
    {
        byte[] data = Bytes(input);
        for (int cut = 0; cut <= data.Length; cut++)
        {
            var ex = Assert.Throws<RespProtocolException>(() => Feed(Resuming(), data, [cut]));
            Assert.True(message == ex.Message, $"cut at {cut}: {ex.Message}");
        }

        var bytewise = Assert.Throws<RespProtocolException>(() => Feed(Resuming(), data, Enumerable.Range(1, data.Length)));
        Assert.Equal(message, bytewise.Message);
    }

    [Fact]
    public void Complete_arguments_of_an_incomplete_request_are_consumed_and_the_parse_resumes_after_them()
    {
        var parser = Resuming();
        using var batch = new RespRequestBatch();
        byte[] head = Bytes("*4\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$2\r\na");
        var buffer = new ReadOnlySequence<byte>(head);
        Assert.Equal(0, parser.Parse(ref buffer, batch));
        Assert.True(parser.HasIncompleteRequest);
        Assert.Equal("$2\r\na", System.Text.Encoding.Latin1.GetString(buffer.ToArray())); // RPUSH and k were taken

        buffer = new ReadOnlySequence<byte>(Bytes("$2\r\nab\r\n$1\r\nc\r\nPING\r\n"));
        Assert.Equal(2, parser.Parse(ref buffer, batch));
        Assert.False(parser.HasIncompleteRequest);
        Assert.True(buffer.IsEmpty);
        Assert.Equal(["RPUSH", "k", "ab", "c"], Enumerable.Range(0, 4).Select(i => batch[0].ArgString(i)));
        Assert.Equal(Bytes("*4\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$2\r\nab\r\n$1\r\nc\r\n").Length, batch.GetWireLength(0));
        Assert.Equal("PING", batch[1].ArgString(0));
    }

    [Fact]
    public void Without_the_option_an_incomplete_request_consumes_nothing()
    {
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        byte[] head = Bytes("*4\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$2\r\na");
        var buffer = new ReadOnlySequence<byte>(head);
        Assert.Equal(0, parser.Parse(ref buffer, batch));
        Assert.False(parser.HasIncompleteRequest);
        Assert.Equal(head.Length, buffer.Length);
    }

    [Fact]
    public void A_protocol_error_or_reset_forgets_the_incomplete_request()
    {
        var parser = Resuming();
        using var batch = new RespRequestBatch();
        var buffer = new ReadOnlySequence<byte>(Bytes("*3\r\n$3\r\nSET\r\n"));
        parser.Parse(ref buffer, batch);
        Assert.True(parser.HasIncompleteRequest);
        buffer = new ReadOnlySequence<byte>(Bytes("$x\r\n"));
        Assert.Equal("Protocol error: invalid bulk length", Assert.Throws<RespProtocolException>(() => parser.Parse(ref buffer, batch)).Message);
        Assert.False(parser.HasIncompleteRequest);

        buffer = new ReadOnlySequence<byte>(Bytes("*2\r\n$3\r\nGET\r\n"));
        parser.Parse(ref buffer, batch);
        Assert.True(parser.HasIncompleteRequest);
        parser.Reset();
        buffer = new ReadOnlySequence<byte>(Bytes("PING\r\n"));
        Assert.Equal(1, parser.Parse(ref buffer, batch));
        Assert.Equal("PING", batch[0].ArgString(0));
    }

    [Fact]
    public void Large_requests_split_at_random_points_parse_to_their_arguments()
    {
        Gen<byte[]> arg = Gen.Frequency(
            (20, Gen.Choose(0, 20).Select(n => Enumerable.Range(0, n).Select(i => (byte)('a' + (i % 26))).ToArray())),
            (1, Gen.Choose(0, 70_000).Select(n => Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray())));
        Gen<byte[][]> request = Gen.Choose(1, 2000).SelectMany(n => Gen.ArrayOf(arg, n));
        Gen<int[]> cuts = Gen.ListOf(Gen.Choose(0, int.MaxValue)).Select(l => l.ToArray());
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(request, n)), cuts)), input =>
        {
            (byte[][][] requests, int[] randomCuts) = input;
            var output = new ArrayBufferWriter<byte>();
            var writer = new RespWriter(output);
            foreach (byte[][] args in requests)
            {
                writer.WriteArrayHeader(args.Length);
                foreach (byte[] a in args)
                {
                    writer.WriteBulkString(a);
                }
            }

            byte[] data = output.WrittenSpan.ToArray();
            int[] readEnds = randomCuts.Select(c => data.Length == 0 ? 0 : c % (data.Length + 1)).Order().ToArray();
            (List<string[]> got, List<long> wire, int leftover) = Feed(Resuming(), data, readEnds);
            string expected = Describe(requests.Select(r => r.Select(Convert.ToHexString).ToArray()));
            return Describe(got) == expected && leftover == 0 && wire.Sum() == data.Length;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }
}
