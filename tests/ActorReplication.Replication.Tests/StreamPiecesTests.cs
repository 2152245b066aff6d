using System.Text;
using ActorReplication.Replication.Master;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Replication.Tests;

public class StreamPiecesTests
{
    private static byte[] Command(params string[] args)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args) sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public void A_small_payload_is_one_message_the_same_array()
    {
        var bytes = Command("SET", "k", "v");
        var piece = Assert.Single(StreamPieces.Split(10, bytes));
        Assert.Same(bytes, piece.Bytes);
        Assert.Equal(10, piece.Offset);
    }

    [Fact]
    public void Command_end_finds_exact_boundaries_and_refuses_partial_commands()
    {
        var c = Command("SET", "key", "value");
        Assert.Equal(c.Length, StreamPieces.CommandEnd(c, 0));
        Assert.Equal(-1, StreamPieces.CommandEnd(c[..^1], 0));
        Assert.Equal(-1, StreamPieces.CommandEnd("+OK\r\n"u8.ToArray(), 0));
    }

    /// <summary>Any stream of commands, any limit: pieces are contiguous, cover everything, respect the limit, and cut between commands whenever a command fits.</summary>
    [Fact]
    public void Pieces_are_contiguous_bounded_and_cut_between_commands_when_they_fit()
    {
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 300)).ToArbitrary(),
            Gen.Choose(8, 400).ToArbitrary(),
            (valueSizes, max) =>
            {
                var commands = valueSizes.Select((n, i) => Command("SET", "k" + i, new string('x', n))).ToList();
                var bytes = commands.SelectMany(c => c).ToArray();
                var boundaries = new HashSet<int> { 0 };
                var at = 0;
                foreach (var c in commands) boundaries.Add(at += c.Length);
                var pieces = StreamPieces.Split(1000, bytes, max).ToList();
                long expected = 1000;
                foreach (var p in pieces)
                {
                    if (p.Offset != expected || (p.Bytes.Length == 0 && bytes.Length > 0) || (bytes.Length > max && p.Bytes.Length > max)) return false;
                    var end = (int)(p.Offset - 1000 + p.Bytes.Length);
                    // A cut inside a command only when that command alone is larger than the limit.
                    if (!boundaries.Contains(end))
                    {
                        var start = boundaries.Where(b => b < end).Max();
                        var next = boundaries.Where(b => b > end).Min();
                        if (next - start <= max) return false;
                    }
                    expected += p.Bytes.Length;
                }
                return expected == 1000 + bytes.Length && pieces.SelectMany(p => p.Bytes).SequenceEqual(bytes);
            }).QuickCheckThrowOnFailure();
    }

    /// <summary>Any contiguous messages, any limit: joined messages keep exact offsets and every byte in order, respect the limit, and are as few as the order allows.</summary>
    [Fact]
    public void Coalesced_messages_are_contiguous_complete_and_bounded()
    {
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(1, 300)).ToArbitrary(),
            Gen.Choose(8, 400).ToArbitrary(),
            (sizes, max) =>
            {
                var messages = new List<ActorReplication.Replication.ReplicationProtocol.StreamData>();
                var all = new List<byte>();
                long offset = 500;
                var i = 0;
                foreach (var n in sizes)
                {
                    var c = Command("SET", "k" + i++, new string('x', n));
                    messages.Add(new(offset, c));
                    all.AddRange(c);
                    offset += c.Length;
                }
                var joined = StreamPieces.Coalesce(messages, max, max).ToList();
                long expected = 500;
                var bytes = new List<byte>();
                foreach (var m in joined)
                {
                    if (m.Offset != expected || m.Bytes.Length == 0) return false;
                    // Over the limit only as a piece of one message that alone is larger than it.
                    if (m.Bytes.Length > max && !messages.Any(x => x.Bytes.Length > max)) return false;
                    bytes.AddRange(m.Bytes);
                    expected += m.Bytes.Length;
                }
                var fewest = all.Count <= max && messages.Count > 0 ? joined.Count == 1 : true;
                return expected == offset && bytes.SequenceEqual(all) && fewest;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_single_message_passes_through_uncopied_and_nothing_is_joined_across_a_gap()
    {
        var a = Command("SET", "a", "1");
        var b = Command("SET", "b", "2");
        Assert.Same(a, Assert.Single(StreamPieces.Coalesce([new(7, a)])).Bytes);
        var apart = StreamPieces.Coalesce([new(7, a), new(7 + a.Length + 1, b)]).ToList();
        Assert.Equal([7L, 7 + a.Length + 1], apart.Select(m => m.Offset));
        Assert.Same(b, apart[1].Bytes);
    }
}
