using System.Buffers;
using System.Text;
using ActorReplication.Replication.Wire;

namespace ActorReplication.Replication.Tests.Wire;

/// <summary>The replica's reader of Redis's replication wire, fed whole and cut at every byte.</summary>
public class MasterWireDecoderTests
{
    private const string Mark = "0123456789abcdef0123456789abcdef01234567";
    private static readonly string ReplIdText = new('a', 40);

    private static readonly string Set1 = Command("SET", "k1", "v1");
    private static readonly string Set2 = Command("SET", "key:2", "value two\r\n with CRLF inside");

    private static string Command(params string[] args)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args) sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>A full sync as a master sends it, with every kind of keepalive and a GETACK.</summary>
    private static readonly string FullSync =
        "+PONG\r\n+OK\r\n-ERR no\r\n\n" + $"+FULLRESYNC {ReplIdText} 42\r\n\n$EOF:{Mark}\r\n" + "ARSNAP snapshot bytes $EOF:not-the-mark" + Mark +
        Set1 + "\n" + Set2 + "REPLCONF GETACK *\r\n" + Set1 + "PING\r\n";

    private static readonly string[] FullSyncEvents =
    [
        "Reply:+PONG", "Reply:+OK", "Reply:-ERR no", "KeepAlive", $"FullResync:{ReplIdText}@42", "KeepAlive",
        "Snapshot:ARSNAP snapshot bytes $EOF:not-the-mark", "SnapshotEnd", "Stream:" + Set1, "KeepAlive", "Stream:" + Set2, "GetAck",
        "Stream:" + Set1, "KeepAlive",
    ];

    [Fact]
    public void A_full_sync_decodes_into_replies_the_snapshot_and_whole_commands()
    {
        Assert.Equal(FullSyncEvents, Merge(Decode(new MasterWireDecoder(), FullSync, [])));
    }

    [Fact]
    public void A_full_sync_cut_at_any_byte_decodes_the_same()
    {
        for (var cut = 1; cut < FullSync.Length; cut++)
            Assert.Equal(FullSyncEvents, Merge(Decode(new MasterWireDecoder(), FullSync, [cut])));
    }

    [Fact]
    public void A_full_sync_fed_one_byte_at_a_time_decodes_the_same()
    {
        Assert.Equal(FullSyncEvents, Merge(Decode(new MasterWireDecoder(), FullSync, [.. Enumerable.Range(1, FullSync.Length - 1)])));
    }

    [Fact]
    public void Stream_bytes_end_only_on_a_command_boundary()
    {
        var wire = "+CONTINUE\r\n" + Set1 + Set2;
        for (var cut = 1; cut < wire.Length; cut++)
        {
            foreach (var e in Decode(new MasterWireDecoder(), wire, [cut]).Where(e => e.StartsWith("Stream:", StringComparison.Ordinal)))
                Assert.True(e.EndsWith(Set1, StringComparison.Ordinal) || e.EndsWith(Set2, StringComparison.Ordinal), $"cut {cut}: '{e}'");
        }
    }

    [Fact]
    public void Continue_names_the_new_replid_or_none()
    {
        Assert.Equal(["Continue:" + ReplIdText], Decode(new MasterWireDecoder(), $"+CONTINUE {ReplIdText}\r\n", []));
        Assert.Equal(["Continue:"], Decode(new MasterWireDecoder(), "+CONTINUE\r\n", []));
    }

    [Fact]
    public void A_command_longer_than_a_piece_comes_out_whole_in_pieces_of_at_most_64_KiB()
    {
        var big = Command("SET", "big", new string('x', 200_000));
        var decoder = new MasterWireDecoder();
        var events = Decode(decoder, "+CONTINUE\r\n" + big + Set1, [1000, 100_000]);
        var pieces = events.Skip(1).Select(e => e["Stream:".Length..]).ToList();
        Assert.All(pieces, p => Assert.True(p.Length <= MasterWireDecoder.MaxPieceBytes));
        Assert.Equal(big + Set1, string.Concat(pieces));
    }

    [Theory]
    [InlineData("garbage\r\n")]
    [InlineData("+FULLRESYNC nope 1\r\n")]
    [InlineData("+CONTINUE short\r\n")]
    public void A_bad_reply_is_a_wire_error(string wire)
    {
        Assert.Throws<ReplicationWireException>(() => Decode(new MasterWireDecoder(), wire, []));
    }

    [Theory]
    [InlineData("$123\r\n")]
    [InlineData("$EOF:short\r\n")]
    public void A_snapshot_header_that_is_not_diskless_is_a_wire_error(string header)
    {
        Assert.Throws<ReplicationWireException>(() => Decode(new MasterWireDecoder(), $"+FULLRESYNC {ReplIdText} 0\r\n" + header, []));
    }

    [Theory]
    [InlineData("HELLO\r\n")]
    [InlineData("*1\r\n:1\r\n")]
    [InlineData("*1\r\n$1\r\nxx\r\n")]
    [InlineData("*x\r\n")]
    public void A_stream_that_is_not_multibulk_commands_is_a_wire_error(string stream)
    {
        Assert.Throws<ReplicationWireException>(() => Decode(new MasterWireDecoder(), "+CONTINUE\r\n" + stream, []));
    }

    [Fact]
    public void An_endless_line_is_a_wire_error()
    {
        Assert.Throws<ReplicationWireException>(() => Decode(new MasterWireDecoder(), "+" + new string('x', 2000), []));
    }

    [Fact]
    public void Ack_is_a_replconf_multibulk()
    {
        Span<byte> buffer = stackalloc byte[ReplicationWire.MaxAckBytes];
        var length = ReplicationWire.WriteAck(buffer, 1234567);
        Assert.Equal(Command("REPLCONF", "ACK", "1234567"), Encoding.ASCII.GetString(buffer[..length]));
        length = ReplicationWire.WriteAck(buffer, long.MaxValue);
        Assert.Equal(Command("REPLCONF", "ACK", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)), Encoding.ASCII.GetString(buffer[..length]));
    }

    [Fact]
    public void The_scanner_finds_every_boundary_whatever_the_cuts()
    {
        var stream = Encoding.UTF8.GetBytes(Set1 + Set2 + Set1);
        int[] boundaries = [Set1.Length, Set1.Length + Set2.Length, stream.Length];
        for (var cut = 1; cut < stream.Length; cut++)
        {
            var scanner = new RespCommandScanner();
            var found = new List<int>();
            foreach (var (from, to) in new[] { (0, cut), (cut, stream.Length) })
            {
                Assert.Equal(to - from, scanner.Advance(stream.AsSpan(from, to - from), out var end));
                if (end >= 0) found.Add(from + end);
            }
            Assert.True(scanner.AtBoundary);
            Assert.Subset(boundaries.ToHashSet(), found.ToHashSet());
            Assert.Contains(stream.Length, found);
        }
    }

    /// <summary>Feeds <paramref name="wire"/> cut at <paramref name="cuts"/>, as a pipe would: what was not consumed comes back with the next bytes.</summary>
    private static List<string> Decode(MasterWireDecoder decoder, string wire, int[] cuts)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        var events = new List<string>();
        var pending = Array.Empty<byte>();
        var points = cuts.Append(bytes.Length).ToArray();
        var from = 0;
        foreach (var to in points)
        {
            var input = pending.Concat(bytes[from..to]).ToArray();
            from = to;
            var buffer = new ReadOnlySequence<byte>(input);
            while (decoder.TryRead(ref buffer, out var next)) events.Add(Describe(next));
            pending = buffer.ToArray();
        }
        Assert.Empty(pending);
        return events;
    }

    private static string Describe(MasterWireEvent e) => e.Kind switch
    {
        MasterWireEventKind.Reply => "Reply:" + e.Text,
        MasterWireEventKind.FullResync => $"FullResync:{e.Text}@{e.Offset}",
        MasterWireEventKind.Continue => "Continue:" + e.Text,
        MasterWireEventKind.SnapshotBytes => "Snapshot:" + Encoding.UTF8.GetString(e.Bytes),
        MasterWireEventKind.StreamBytes => "Stream:" + Encoding.UTF8.GetString(e.Bytes),
        _ => e.Kind.ToString(),
    };

    /// <summary>Joins consecutive snapshot or stream pieces (how they are cut depends on the reads).</summary>
    private static List<string> Merge(List<string> events)
    {
        var merged = new List<string>();
        foreach (var e in events)
        {
            var kind = e.Split(':')[0];
            if (kind is "Snapshot" && merged.Count > 0 && merged[^1].StartsWith(kind + ":", StringComparison.Ordinal))
                merged[^1] += e[(kind.Length + 1)..];
            else merged.Add(e);
        }
        // Stream pieces are whole commands: split joined ones back into commands for comparison.
        return merged.SelectMany(SplitCommands).ToList();
    }

    private static IEnumerable<string> SplitCommands(string e)
    {
        if (!e.StartsWith("Stream:", StringComparison.Ordinal)) return [e];
        var rest = e["Stream:".Length..];
        var parts = new List<string>();
        while (rest.Length > 0)
        {
            var len = rest.StartsWith(Set1, StringComparison.Ordinal) ? Set1.Length : Set2.Length;
            parts.Add("Stream:" + rest[..len]);
            rest = rest[len..];
        }
        return parts;
    }
}
