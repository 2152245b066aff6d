using Akka.TestKit;
using System.Text;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Specs;

/// <summary>A session joins the stream messages waiting for it into one, at exact offsets and in order.</summary>
public class StreamCoalescingSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    [Fact]
    public void The_stream_queued_during_a_full_sync_reaches_the_replica_as_one_message_at_the_snapshot_offset()
    {
        var master = Node("m");
        master.Run("DEBUG", "POPULATE", "100", "key", "10");
        var replica = FullSyncProbe(master, out var session, out var full);

        var writes = Writes("during", 20);
        foreach (var w in writes) master.Run(w); // twenty batches: twenty stream messages queued by the session
        var setBytes = writes.Sum(w => Resp(w).Length);
        AwaitCondition(() => master.Info().MasterReplOffset - full.Offset >= setBytes, Long);
        var masterOffset = master.Info().MasterReplOffset;

        replica.Send(session, new Credit(1_000_000));
        while (replica.ExpectMsg<object>(Long) is not SnapshotEnd)
        {
        }

        var data = replica.ExpectMsg<StreamData>(Long);
        Assert.Equal(full.Offset, data.Offset);
        Assert.Equal(masterOffset - full.Offset, data.Bytes.Length);
        AssertInOrder(data.Bytes, writes);
    }

    [Fact]
    public void A_long_queue_reaches_the_replica_joined_in_bounded_messages_contiguous_and_in_order()
    {
        var master = Node("m");
        master.Run("SET", "a", "1");
        var replica = FullSyncProbe(master, out var session, out var full);

        var writes = Writes("queued", 1500, 100); // ~190 KB: joined while queued, a JoinBytes at a time
        foreach (var w in writes) master.Run(w);
        var setBytes = writes.Sum(w => Resp(w).Length);
        AwaitCondition(() => master.Info().MasterReplOffset - full.Offset >= setBytes, Long);
        var masterOffset = master.Info().MasterReplOffset;

        replica.Send(session, new Credit(1_000_000));
        while (replica.ExpectMsg<object>(Long) is not SnapshotEnd)
        {
        }

        var received = new List<byte>();
        var next = full.Offset;
        var messages = 0;
        while (next < masterOffset)
        {
            var data = replica.ExpectMsg<StreamData>(Long);
            Assert.Equal(next, data.Offset);
            Assert.InRange(data.Bytes.Length, 1, Master.StreamPieces.JoinBytes);
            received.AddRange(data.Bytes);
            next += data.Bytes.Length;
            messages++;
        }

        Assert.Equal(masterOffset, next);
        Assert.InRange(messages, 3, 5); // ~190 KB in 64 KiB messages
        AssertInOrder([.. received], writes);
    }

    [Fact]
    public void Online_stream_messages_are_contiguous_and_in_order_however_they_are_joined()
    {
        var master = Node("m");
        master.Run("SET", "a", "1");
        var replica = FullSyncProbe(master, out var session, out var full);
        replica.Send(session, new Credit(1_000_000));
        while (replica.ExpectMsg<object>(Long) is not SnapshotEnd)
        {
        }

        var writes = Writes("online", 200, 30);
        foreach (var w in writes) master.Run(w);
        var setBytes = writes.Sum(w => Resp(w).Length);
        AwaitCondition(() => master.Info().MasterReplOffset - full.Offset >= setBytes, Long);
        var masterOffset = master.Info().MasterReplOffset;

        var received = new List<byte>();
        var next = full.Offset;
        var messages = 0;
        while (next < masterOffset)
        {
            var data = replica.ExpectMsg<StreamData>(Long);
            Assert.Equal(next, data.Offset);
            Assert.NotEmpty(data.Bytes);
            received.AddRange(data.Bytes);
            next += data.Bytes.Length;
            messages++;
        }

        Assert.Equal(masterOffset, next);
        Assert.True(messages <= writes.Length, $"{messages} messages for {writes.Length} batches");
        AssertInOrder([.. received], writes);
    }

    private TestProbe FullSyncProbe(TestNode master, out Akka.Actor.IActorRef session, out FullResync full)
    {
        var replica = CreateTestProbe();
        replica.Send(master.Master, new ReplConf("probe", "127.0.0.1", 7000, ["psync2"], ""));
        replica.ExpectMsg<ReplConfOk>();
        replica.Send(master.Master, Psync.Full("probe"));
        full = replica.ExpectMsg<FullResync>(Long);
        session = replica.LastSender;
        return replica;
    }

    private static byte[] Resp(string[] command)
    {
        var sb = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
        foreach (var a in command) sb.Append('$').Append(a.Length).Append("\r\n").Append(a).Append("\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Every write's exact RESP appears in the stream, each after the one before it.</summary>
    private static void AssertInOrder(byte[] stream, string[][] writes)
    {
        var text = Encoding.ASCII.GetString(stream);
        var at = 0;
        foreach (var w in writes)
        {
            var found = text.IndexOf(Encoding.ASCII.GetString(Resp(w)), at, StringComparison.Ordinal);
            Assert.True(found >= at, $"{string.Join(' ', w)} not found after byte {at}");
            at = found + 1;
        }
    }
}
