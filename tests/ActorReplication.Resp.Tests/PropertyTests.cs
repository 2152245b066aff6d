using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

public class PropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(i => (byte)i);

    // Mostly short strings, biased towards the bytes that matter to the protocol.
    private static Gen<byte[]> ByteString => Gen.Frequency(
        (6, Gen.ArrayOf(AnyByte)),
        (3, Gen.ArrayOf(Gen.Elements((byte)'\r', (byte)'\n', (byte)'$', (byte)'*', (byte)' ', (byte)'"', (byte)'\'', (byte)'\\', (byte)'a', (byte)0))),
        (1, Gen.Choose(0, 5000).Select(n => Enumerable.Range(0, n).Select(i => (byte)(i * 31)).ToArray())));

    private static Gen<byte[][]> Commands => Gen.NonEmptyListOf(ByteString).Select(l => l.ToArray());

    private static Gen<int> Seed => Gen.Choose(0, int.MaxValue);

    [Fact]
    public void Written_commands_parse_back_to_the_same_arguments()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Gen.NonEmptyListOf(Commands), Seed)), input =>
        {
            (IList<byte[][]> commands, int seed) = input;
            var output = new ArrayBufferWriter<byte>();
            var writer = new RespWriter(output);
            foreach (byte[][] args in commands)
            {
                writer.WriteArrayHeader(args.Length);
                foreach (byte[] a in args)
                {
                    writer.WriteBulkString(a);
                }
            }

            byte[] data = output.WrittenSpan.ToArray();
            string expected = Describe(commands.Select(c => c.Select(Convert.ToHexString).ToArray()));
            var random = new Random(seed);
            int cut1 = random.Next(data.Length + 1);
            int cut2 = random.Next(cut1, data.Length + 1);
            (List<string[]> whole, long consumed) = ParseAll(new ReadOnlySequence<byte>(data));
            (List<string[]> split, long consumedSplit) = ParseAll(Split(data, cut1, cut2));
            return Describe(whole) == expected && Describe(split) == expected && consumed == data.Length && consumedSplit == data.Length;
        }).Check(Config);
    }

    [Fact]
    public void Inline_commands_with_quoting_parse_back_to_the_same_arguments()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Commands, Seed)), input =>
        {
            (byte[][] args, int seed) = input;
            var random = new Random(seed);
            var line = new StringBuilder();
            foreach (byte[] a in args)
            {
                line.Append(random.Next(3) switch { 0 => " ", 1 => "\t", _ => "  " });
                line.Append(QuoteInline(a, random));
            }

            line.Append(random.Next(2) == 0 ? "\r\n" : "\n");
            byte[] data = Bytes(line.ToString());
            (List<string[]> requests, long consumed) = ParseAll(Split(data, random.Next(data.Length + 1)));
            return requests.Count == 1 && Describe(requests) == Describe([args.Select(Convert.ToHexString).ToArray()]) && consumed == data.Length;
        }).Check(Config);
    }

    private static string QuoteInline(byte[] arg, Random random)
    {
        bool plain = arg.Length > 0 && arg.All(b => b > 0x20 && b < 0x7F && b != (byte)'"' && b != (byte)'\'');
        if (plain && random.Next(2) == 0)
        {
            return Encoding.Latin1.GetString(arg);
        }

        bool singleQuotable = arg.All(b => b >= 0x20 && b < 0x7F && b != (byte)'\\');
        if (singleQuotable && random.Next(2) == 0)
        {
            return "'" + Encoding.Latin1.GetString(arg).Replace("'", "\\'", StringComparison.Ordinal) + "'";
        }

        var sb = new StringBuilder("\"");
        foreach (byte b in arg)
        {
            switch (b)
            {
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                default:
                    if (b >= 0x20 && b < 0x7F && random.Next(4) != 0)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append(random.Next(2) == 0 ? "\\x" + b.ToString("x2") : "\\X".ToLowerInvariant() + b.ToString("X2"));
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static Gen<RespValue> Value(bool resp3, int size)
    {
        Gen<byte[]> line = Gen.ArrayOf(AnyByte.Where(b => b != (byte)'\r' && b != (byte)'\n'));
        var leaves = new List<Gen<RespValue>>
        {
            line.Select(b => RespValue.SimpleString(b)),
            line.Select(b => RespValue.Error(b)),
            Gen.Choose(int.MinValue, int.MaxValue).Zip(Gen.Choose(int.MinValue, int.MaxValue)).Select(t => RespValue.FromInteger(((long)t.Item1 << 32) ^ (uint)t.Item2)),
            ByteString.Select(b => RespValue.BulkString(b)),
        };
        if (resp3)
        {
            leaves.Add(Gen.Constant(RespValue.Null));
            leaves.Add(ArbMap.Default.GeneratorFor<double>().Select(RespValue.FromDouble));
            leaves.Add(Gen.Elements(RespValue.True, RespValue.False));
            leaves.Add(Gen.Zip(Gen.Elements("txt", "mkd"), ByteString).Select(t => RespValue.Verbatim(t.Item1, t.Item2)));
            leaves.Add(Gen.Zip(Gen.Elements("", "-"), Gen.NonEmptyListOf(Gen.Choose(0, 9))).Select(t => RespValue.BigNumber(t.Item1 + string.Concat(t.Item2))));
            leaves.Add(ByteString.Select(b => RespValue.BlobError(b)));
        }
        else
        {
            leaves.Add(Gen.Elements(RespValue.NullBulkString, RespValue.NullArray));
        }

        Gen<RespValue> leaf = Gen.OneOf(leaves);
        if (size <= 0)
        {
            return leaf;
        }

        Gen<RespValue[]> children = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Value(resp3, size / (n + 1)), n));
        var aggregates = new List<Gen<RespValue>> { children.Select(RespValue.Array) };
        if (resp3)
        {
            aggregates.Add(children.Select(RespValue.Set));
            aggregates.Add(children.Select(RespValue.Push));
            aggregates.Add(children.Select(c => RespValue.Map(c.Length % 2 == 0 ? c : c[1..])));
        }

        Gen<RespValue> value = Gen.Frequency((3, leaf), (2, Gen.OneOf(aggregates)));
        if (!resp3)
        {
            return value;
        }

        Gen<RespValue[]> attributes = Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Value(resp3, size / 4), n * 2));
        return Gen.Frequency((9, value), (1, Gen.Zip(value, attributes).Select(t => t.Item1.WithAttributes(t.Item2))));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2)]
    [InlineData(RespProtocol.Resp3)]
    public void Written_reply_trees_read_back_identically(RespProtocol protocol)
    {
        Gen<RespValue> values = Gen.Sized(size => Value(protocol == RespProtocol.Resp3, Math.Min(size, 30)));
        Prop.ForAll(Arb.From(Gen.Zip(Gen.NonEmptyListOf(values), Seed)), input =>
        {
            (IList<RespValue> trees, int seed) = input;
            var output = new ArrayBufferWriter<byte>();
            var writer = new RespWriter(output, protocol);
            foreach (RespValue tree in trees)
            {
                writer.WriteValue(tree);
            }

            byte[] data = output.WrittenSpan.ToArray();
            var random = new Random(seed);
            foreach (ReadOnlySequence<byte> layout in new[] { new ReadOnlySequence<byte>(data), Split(data, random.Next(data.Length + 1)) })
            {
                var reader = new RespReplyReader();
                ReadOnlySequence<byte> buffer = layout;
                foreach (RespValue tree in trees)
                {
                    if (!reader.TryRead(ref buffer, out RespValue? back) || !tree.Equals(back))
                    {
                        return false;
                    }
                }

                if (buffer.Length != 0)
                {
                    return false;
                }
            }

            // Arriving in random chunks, read by one resuming reader.
            var chunked = new RespReplyReader();
            int start = 0;
            int end = 0;
            int index = 0;
            while (end < data.Length)
            {
                end = Math.Min(data.Length, end + 1 + random.Next(40));
                ReadOnlySequence<byte> buffer = Split(data[start..end], random.Next(end - start + 1));
                long before = buffer.Length;
                while (chunked.TryRead(ref buffer, out RespValue? back))
                {
                    if (!trees[index++].Equals(back))
                    {
                        return false;
                    }
                }

                start += (int)(before - buffer.Length);
            }

            return index == trees.Count && start == data.Length;
        }).Check(Config);
    }
}
