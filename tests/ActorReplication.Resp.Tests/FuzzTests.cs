using System.Buffers;
using System.Diagnostics;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

/// <summary>Random and mutated input: every outcome is a parse, "incomplete", or a RespProtocolException.</summary>
public class FuzzTests
{
    private static readonly byte[][] Seeds =
    [
        Bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"),
        Bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n"),
        Bytes("set \"a\\x41 b\" 'c\\'d' e\r\nPING\n"),
        Bytes("*1\r\n$-1\r\n*0\r\n\r\n"),
        Bytes("+OK\r\n-ERR x\r\n:12\r\n$3\r\nabc\r\n$-1\r\n*-1\r\n"),
        Bytes("%2\r\n+a\r\n,1.5\r\n~1\r\n#t\r\n>1\r\n_\r\n"),
        Bytes("|1\r\n+k\r\n+v\r\n=8\r\ntxt:abcd\r\n(123\r\n!3\r\nERR\r\n"),
        Bytes("*2\r\n*1\r\n:1\r\n%1\r\n:2\r\n*0\r\n"),
    ];

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits; e++)
        {
            int pos = random.Next(data.Count + 1);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0 && pos < data.Count:
                    data[pos] = (byte)random.Next(256);
                    break;
                case 1:
                    data.Insert(pos, "\r\n*$:-+0123456789\"'\\ x\0"u8[random.Next(22)]);
                    break;
                case 2 when pos < data.Count:
                    data.RemoveAt(pos);
                    break;
                case 3:
                    data.InsertRange(pos, Bytes(random.Next(4) switch { 0 => "-1", 1 => "2147483648", 2 => "99999999999999999999", _ => "1048577" }));
                    break;
                case 4 when data.Count > 0:
                    data.RemoveRange(pos, Math.Min(data.Count - pos, random.Next(6)));
                    break;
                default:
                    data.InsertRange(pos, data.GetRange(0, Math.Min(pos, data.Count)).Take(8));
                    break;
            }
        }

        return data.ToArray();
    }

    private static IEnumerable<byte[]> Inputs(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            if (random.Next(3) == 0)
            {
                byte[] garbage = new byte[random.Next(64)];
                random.NextBytes(garbage);
                yield return garbage;
            }
            else
            {
                yield return Mutate(Seeds[random.Next(Seeds.Length)], random);
            }
        }
    }

    [Fact]
    public void Request_parser_never_throws_anything_else_and_never_hangs()
    {
        var sw = Stopwatch.StartNew();
        var random = new Random(99);
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        foreach (byte[] input in Inputs(30_000, 1))
        {
            ReadOnlySequence<byte>[] layouts =
            [
                new ReadOnlySequence<byte>(input),
                Split(input, random.Next(input.Length + 1)),
            ];
            foreach (ReadOnlySequence<byte> layout in layouts)
            {
                batch.Reset();
                ReadOnlySequence<byte> buffer = layout;
                try
                {
                    parser.Parse(ref buffer, batch);

                    // Whatever is left is incomplete: parsing again consumes nothing.
                    long left = buffer.Length;
                    Assert.Equal(0, parser.Parse(ref buffer, batch));
                    Assert.Equal(left, buffer.Length);
                }
                catch (RespProtocolException ex)
                {
                    Assert.StartsWith("Protocol error: ", ex.Message);
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    Assert.True(batch[i].ArgCount > 0);
                    _ = batch[i].Id;
                }
            }

            // Also one byte at a time (short inputs only, to stay fast).
            if (input.Length <= 40)
            {
                try
                {
                    ParseIncrementally(input, parser);
                }
                catch (RespProtocolException)
                {
                }
            }
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), sw.Elapsed.ToString());
    }

    [Fact]
    public void Request_parser_results_do_not_depend_on_segmentation()
    {
        var random = new Random(5);
        foreach (byte[] input in Inputs(3_000, 2))
        {
            string Outcome(ReadOnlySequence<byte> seq)
            {
                try
                {
                    (List<string[]> requests, long consumed) = ParseAll(seq);
                    return Describe(requests) + "#" + consumed;
                }
                catch (RespProtocolException ex)
                {
                    return "!" + ex.Message;
                }
            }

            string whole = Outcome(new ReadOnlySequence<byte>(input));
            Assert.Equal(whole, Outcome(Split(input, random.Next(input.Length + 1))));
            Assert.Equal(whole, Outcome(OneBytePerSegment(input)));
        }
    }

    [Fact]
    public void Reply_reader_never_throws_anything_else_and_never_hangs()
    {
        var sw = Stopwatch.StartNew();
        var random = new Random(77);
        var shared = new RespReplyReader();
        foreach (byte[] input in Inputs(30_000, 3))
        {
            foreach (ReadOnlySequence<byte> layout in new[] { new ReadOnlySequence<byte>(input), Split(input, random.Next(input.Length + 1)) })
            {
                string Run(RespReplyReader reader)
                {
                    ReadOnlySequence<byte> buffer = layout;
                    var outcome = new List<string>();
                    try
                    {
                        for (int guard = 0; guard < 10_000 && reader.TryRead(ref buffer, out RespValue? value); guard++)
                        {
                            outcome.Add(value.ToString());
                        }

                        outcome.Add("#" + buffer.Length);
                    }
                    catch (RespProtocolException ex)
                    {
                        Assert.StartsWith("Protocol error: ", ex.Message);
                        outcome.Add("!" + ex.Message);
                    }

                    return string.Join(" ", outcome);
                }

                shared.Reset();
                Assert.Equal(Run(new RespReplyReader()), Run(shared));
            }
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), sw.Elapsed.ToString());
    }
}
