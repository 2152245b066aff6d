using System.Text;
using Akka.Actor;
using Akka.TestKit;
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

    /// <summary>
    /// Issue #10 item 10: REPLICAOF NO ONE while the old link is still answering. The manager stops the old slave actor
    /// only after the command's turn, so its last messages (a +CONTINUE under the old master's new replid, stream
    /// bytes) can reach the keyspace after the promotion marker. They belong to the replaced link: the promoted node
    /// must keep the replid it minted (the one it followed as replid2) and apply none of the old master's writes.
    /// </summary>
    [Fact]
    public async Task A_promoted_replica_ignores_what_its_old_link_hands_over_after_replicaof_no_one()
    {
        var origin = Node("a");
        origin.Run("SET", "a", "1");
        var node = Node("n");
        Attach(origin, node); // a history to continue: the next link PSYNCs with it
        node.StopFollowing();
        var board = new ReplicationStatusBoard(Fast.BacklogSize);
        var manager = CreateTestProbe(); // stands for the manager that has not stopped the old slave actor yet
        var oldMaster = CreateTestProbe();
        var endpoint = new MasterEndpoint("127.0.0.1", 6390);
        var generation = ReplicationManager.ReplicaOf(node.Keyspace, node.Master, manager.Ref, board, Fast, endpoint);
        var slave = Sys.ActorOf(SlaveActor.Props(node.Keyspace, node.Master, oldMaster.Ref, endpoint, new ReplicaIdentity("n", "127.0.0.1", 6380),
            Fast, node.Engine.DatabaseCount, node.Clock, locator: null, board, generation));
        oldMaster.ExpectMsg<Ping>(Long);
        oldMaster.Reply(Pong.Instance);
        oldMaster.ExpectMsg<ReplConf>(Long);
        oldMaster.Reply(ReplConfOk.Instance);
        var psync = oldMaster.ExpectMsg<Psync>(Long);
        var followed = psync.ReplId;

        ReplicationManager.ReplicaOfNoOne(node.Keyspace, manager.Ref, board);
        // The promotion goes keyspace → master actor on other threads: wait until the new history shows.
        var promoted = node.Info();
        AwaitAssert(() =>
        {
            promoted = node.Info();
            Assert.Equal(followed, promoted.MasterReplId2);
            Assert.NotEqual(followed, promoted.MasterReplId);
        }, Long);

        // The old link answers late: its master moved to another replid, and writes follow.
        var oldMastersNewReplId = new string('f', 40);
        oldMaster.Send(slave, new Continue(oldMastersNewReplId));
        oldMaster.Send(slave, new StreamData(psync.Offset - 1, Encode("SET", "from-the-old-master", "1")));
        await slave.Ask<ReplicaLinkInfo>(SlaveProtocol.GetLinkInfo.Instance, Long); // both handled, their tells sent

        Assert.Equal("$-1\r\n", node.Run("GET", "from-the-old-master"));
        var after = node.Info();
        Assert.Equal(promoted.MasterReplId, after.MasterReplId);
        Assert.Equal(followed, after.MasterReplId2);
    }

    private static void Handshake(TestProbe master, string replId, long offset)
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
