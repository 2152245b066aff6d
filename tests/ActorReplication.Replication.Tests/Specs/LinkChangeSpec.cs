using System.Text;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Specs;

/// <summary>What must hold when a replica's link changes: a new master, REPLICAOF then NO ONE, in the commands' order.</summary>
public class LinkChangeSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    [Fact]
    public void A_command_cut_across_stream_messages_is_dropped_when_the_replica_switches_masters_mid_command()
    {
        var origin = Node("a");
        origin.Run("SET", "a", "1");
        var replica = Node("r");
        Attach(origin, replica);
        replica.StopFollowing();
        var replId = replica.Info().MasterReplId;
        var offset = replica.Info().MasterReplOffset;

        var first = CreateTestProbe();
        replica.Follow(first.Ref);
        Handshake(first, replId, offset);
        // One SET of 1.5 MiB: a master sends it in two StreamData; the replica gets only the first, then switches.
        var big = Encode("SET", "big", new string('x', 1_500_000));
        first.Reply(new StreamData(offset, big[..(1 << 20)]));
        AwaitAssert(() => Assert.Equal(offset + (1 << 20), replica.LinkInfo().SlaveReadReplOffset), Long);

        replica.StopFollowing();
        var second = CreateTestProbe();
        replica.Follow(second.Ref);
        Handshake(second, replId, offset); // the history counts complete commands only: PSYNC resumes before "big"
        second.Reply(new StreamData(offset, Encode("SET", "k", "v")));

        AwaitAssert(() => Assert.Equal("$1\r\nv\r\n", replica.Run("GET", "k")), Long);
        Assert.Equal("$-1\r\n", replica.Run("GET", "big"));
        Assert.Equal(":2\r\n", replica.Run("DBSIZE"));
    }

    [Fact]
    public void Replicaof_and_a_following_replicaof_no_one_reach_the_master_actor_as_demote_then_promote()
    {
        var node = Node("n");
        var masterActor = CreateTestProbe();
        var manager = CreateTestProbe();
        var board = new ReplicationStatusBoard(Fast.BacklogSize);
        // No slave actor ever starts here (the manager is a probe): the order must not depend on one.
        ReplicationManager.ReplicaOf(node.Keyspace, masterActor.Ref, manager.Ref, board, Fast, new MasterEndpoint("127.0.0.1", 6390));
        ReplicationManager.ReplicaOfNoOne(node.Keyspace, manager.Ref, board);
        masterActor.ExpectMsg<MasterProtocol.Demote>(Long);
        masterActor.ExpectMsg<MasterProtocol.Promote>(Long);
        Assert.Equal("+OK\r\n", node.Run("SET", "a", "1"));
    }

    private static void Handshake(TestKit.TestProbe master, string replId, long offset)
    {
        master.ExpectMsg<Ping>(Long);
        master.Reply(Pong.Instance);
        master.ExpectMsg<ReplConf>(Long);
        master.Reply(ReplConfOk.Instance);
        var psync = master.ExpectMsg<Psync>(Long);
        Assert.Equal((replId, offset + 1), (psync.ReplId, psync.Offset));
        master.Reply(new Continue(replId));
    }

    private static byte[] Encode(params string[] args)
    {
        var sb = new StringBuilder($"*{args.Length}\r\n");
        foreach (var a in args) sb.Append($"${a.Length}\r\n{a}\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }
}
