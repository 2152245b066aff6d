using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Topology;
using Akka.TestKit;
using Xunit.Abstractions;
using static ActorReplication.Replication.Tests.Topology.TopologyFixtures;
using static ActorReplication.Replication.Topology.TopologyProtocol;

namespace ActorReplication.Replication.Tests.Topology;

/// <summary>
/// The topology actor of node 2 (or the one a test names) with probes for its replication control and its peers, fed
/// membership and states by hand: each rule of docs/failover.md, one decision at a time. Virtual time: no tick fires
/// unless a test advances the clock.
/// </summary>
public sealed class TopologyActorSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Harness.SpecConfig.VirtualTime, "topology", output)
{
    // Generous: only a failing test waits it out, and a loaded CI machine may take seconds to run a turn.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_follower_attaches_to_the_master_as_soon_as_it_is_up_and_tells_the_others_its_state()
    {
        var node = Start(2);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 1, offset: 10)));
        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Replica, epoch: 1)));

        node.Control.ExpectMsg<Call>(c => Assert.Equal(new Call("follow", RespOf(1)), c), Wait);
        Assert.Equal("slave", node.Board.Snapshot().Role);
        Assert.Equal(1, node.Board.Epoch);
        var view = node.Topology.Current;
        Assert.Equal(Node(1).Address.ToString(), view.Master!.Address);
        Assert.Equal(TopologyRole.Replica, view.Self!.Role);
        node.Peers.FishForMessage<Sent>(s => s.To == Node(1).Address && s.Message is StateUpdate { State.Role: TopologyRole.Replica }, Wait);
    }

    [Fact]
    public void A_follower_detaches_when_its_master_is_removed_and_reattaches_to_the_next_master()
    {
        var node = Start(2);
        var cluster = Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3));
        node.Actor.Tell(cluster);
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 1)));
        node.Control.ExpectMsg(new Call("follow", RespOf(1)), Wait);

        node.Actor.Tell(new ClusterEvents.MemberRemoved(new ClusterMember(Node(1), MemberStatus.Removed, 1, RespOf(1)), MemberStatus.Down));
        AwaitAssert(() => Assert.Null(node.Topology.Current.Master), Wait);
        // The master locator's gate now refuses the old master: the link stays down.
        var gate = new GatedMasterLocator(new NeverLocator(), node.Topology);
        var refused = Assert.ThrowsAny<IOException>(() => gate.LocateAsync(MasterEndpoint.TryParse(RespOf(1))!, default).GetAwaiter().GetResult());
        Assert.Contains("is not the master of group default by cluster membership (its master: none)", refused.Message, StringComparison.Ordinal);

        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Master, epoch: 2)));
        node.Control.ExpectMsg(new Call("follow", RespOf(3)), Wait);
        Assert.Equal(2, node.Board.Epoch);
    }

    [Fact]
    public void Of_two_masters_the_loser_becomes_a_replica_of_the_winner()
    {
        var node = Start(2, initialMaster: true);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Pending)));
        node.Control.ExpectMsg(new Call("master", ""), Wait); // node 2 said initial-master
        Assert.Equal(1, node.Board.Epoch);

        // Node 1 was made master too (same epoch), and is ahead: node 2 loses on offset and follows it.
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 1, offset: 5000)));
        node.Control.ExpectMsg(new Call("follow", RespOf(1)), Wait);
        AwaitAssert(() => Assert.Equal(TopologyRole.Replica, node.Topology.Current.Self!.Role), Wait);
    }

    [Fact]
    public void The_winning_master_stays_master_when_another_claims_the_group()
    {
        var node = Start(2, initialMaster: true);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Pending)));
        node.Control.ExpectMsg(new Call("master", ""), Wait);
        node.Board.PublishMasterOffset(100, 0); // node 2 has written more than node 1 under the same epoch
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 1, offset: 0)));
        node.Control.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(Node(2).Address.ToString(), node.Topology.Current.Master!.Address);
    }

    [Fact]
    public void A_replica_refuses_a_master_whose_epoch_is_older_than_one_it_knows()
    {
        var node = Start(2);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3)));
        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Replica, epoch: 5)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 4)));
        node.Control.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        AwaitAssert(() =>
        {
            Assert.Null(node.Topology.Current.Master);
            Assert.Equal(5, node.Topology.Current.Epoch);
        }, Wait);
    }

    [Fact]
    public void A_master_refuses_the_handshake_of_a_replica_that_knows_a_newer_epoch()
    {
        var board = new ReplicationStatusBoard(1024) { Epoch = 4 };
        var keyspace = CreateTestProbe();
        var master = Sys.ActorOf(MasterActor.Props(keyspace.Ref, ReplicationSettings.Default, "", board));
        var replica = CreateTestProbe();
        master.Tell(new ReplicationProtocol.ReplConf("r1", "127.0.0.1", 6380, ["psync2"], "", 5), replica.Ref);
        var error = replica.ExpectMsg<ReplicationProtocol.ReplConfError>(Wait);
        Assert.Equal("STALEEPOCH this master's epoch 4 is older than epoch 5 known to the replica", error.Message);
        master.Tell(new ReplicationProtocol.ReplConf("r1", "127.0.0.1", 6380, ["psync2"], "", 4), replica.Ref);
        replica.ExpectMsg<ReplicationProtocol.ReplConfOk>(Wait);
    }

    [Fact]
    public void The_leader_promotes_the_best_replica_when_the_master_is_downed()
    {
        var node = Start(1, autoFailover: true); // node 1 is the leader and a replica
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3), Up(4, 4), Up(5, 5)));
        node.Actor.Tell(new StateUpdate(State(5, TopologyRole.Master, epoch: 1, offset: 300, autoFailover: true)));
        node.Control.ExpectMsg(new Call("follow", RespOf(5)), Wait);
        node.Actor.Tell(new StateUpdate(State(2, TopologyRole.Replica, epoch: 1, offset: 100, priority: 10, autoFailover: true)));
        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Replica, epoch: 1, offset: 250, priority: 10, autoFailover: true)));
        node.Actor.Tell(new StateUpdate(State(4, TopologyRole.Replica, epoch: 1, offset: 999, priority: 0, autoFailover: true)));
        Assert.DoesNotContain(node.Peers.ReceiveWhile(m => m as Sent, TimeSpan.FromMilliseconds(300)), s => s is { Message: Promote });

        node.Actor.Tell(new ClusterEvents.MemberDowned(new ClusterMember(Node(5), MemberStatus.Down, 5, RespOf(5))));
        var promote = node.Peers.FishForMessage<Sent>(s => s.Message is Promote, Wait);
        Assert.Equal(Node(3).Address, promote.To); // priority 10 beats 100 and 0 never; then offset 250 > 100
        var p = (Promote)promote.Message;
        Assert.Equal(("default", 2L, "run-3"), (p.Group, p.Epoch, p.RunId));
    }

    [Fact]
    public void A_leader_that_does_not_know_every_member_state_yet_promotes_nobody()
    {
        var node = Start(1, autoFailover: true); // just Up and leader: it has not heard from node 3, the master
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3)));
        node.Actor.Tell(new StateUpdate(State(2, TopologyRole.Replica, epoch: 2, offset: 100, autoFailover: true)));
        Assert.DoesNotContain(node.Peers.ReceiveWhile(m => m as Sent, TimeSpan.FromMilliseconds(300)), s => s is { Message: Promote });
        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Master, epoch: 2, offset: 100, autoFailover: true)));
        node.Control.ExpectMsg(new Call("follow", RespOf(3)), Wait);
        Assert.DoesNotContain(node.Peers.ReceiveWhile(m => m as Sent, TimeSpan.FromMilliseconds(300)), s => s is { Message: Promote });
    }

    [Fact]
    public void A_replica_told_to_promote_becomes_master_under_the_new_epoch()
    {
        var node = Start(2, autoFailover: true);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3)));
        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Master, epoch: 1)));
        node.Control.ExpectMsg(new Call("follow", RespOf(3)), Wait);
        node.Actor.Tell(new Promote("default", 1, "run-2", "stale"));
        node.Actor.Tell(new Promote("default", 2, "run-9", "someone else"));
        node.Control.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        node.Actor.Tell(new ClusterEvents.MemberDowned(new ClusterMember(Node(3), MemberStatus.Down, 3, RespOf(3))));
        node.Actor.Tell(new Promote("default", 2, "run-2", "the master is gone"));
        node.Control.ExpectMsg(new Call("master", ""), Wait);
        Assert.Equal(("master", 2L), (node.Board.Snapshot().Role, node.Board.Epoch));
        node.Peers.FishForMessage<Sent>(s => s.Message is StateUpdate { State: { Role: TopologyRole.Master, Epoch: 2 } }, Wait);
    }

    [Fact]
    public void A_master_that_sees_itself_downed_refuses_writes_at_once()
    {
        var node = Start(2, initialMaster: true);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Pending)));
        node.Control.ExpectMsg(new Call("master", ""), Wait);
        node.Actor.Tell(ClusterEvents.ClusterShuttingDown.Instance);
        var fence = node.Control.ExpectMsg<Call>(Wait);
        Assert.Equal("fence", fence.What);
        Assert.Contains("until this node rejoins the cluster", fence.Argument, StringComparison.Ordinal);
        // The fence reaches the control before the view is republished (same turn, later step).
        AwaitAssert(() => Assert.NotNull(node.Topology.Current.FencedBecause), Wait);
    }

    [Fact]
    public void A_master_on_the_minority_side_refuses_writes_until_it_reaches_the_majority_again()
    {
        var node = Start(2, initialMaster: true, autoFailover: true);
        var cluster = Cluster(leader: 1, Up(1, 1), Up(2, 2), Up(3, 3));
        node.Actor.Tell(cluster);
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Pending)));
        node.Actor.Tell(new StateUpdate(State(3, TopologyRole.Pending)));
        node.Control.ExpectMsg(new Call("master", ""), Wait);

        node.Actor.Tell(new ClusterEvents.UnreachableMember(Up(1, 1)));
        node.Control.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // 2 of 3 reachable: still the majority
        node.Actor.Tell(new ClusterEvents.UnreachableMember(Up(3, 3)));
        var fence = node.Control.ExpectMsg<Call>(Wait);
        Assert.Equal(("fence", "this master cannot reach a majority of the cluster (2 of 3 members unreachable)"), (fence.What, fence.Argument));

        node.Actor.Tell(new ClusterEvents.ReachableMember(Up(1, 1)));
        node.Control.ExpectMsg(new Call("master", ""), Wait);
        AwaitAssert(() => Assert.Null(node.Topology.Current.FencedBecause), Wait);
    }

    [Fact]
    public void A_node_starts_refusing_writes_until_the_cluster_decides_its_role()
    {
        var node = Start(2);
        Assert.Equal("the cluster has not decided this node's role yet", node.StartFence.Argument);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Pending)));
        node.Control.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // node 1 is older: node 2 waits for it
        Assert.Equal((TopologyRole.Pending, null), (node.Topology.Current.Self!.Role, node.Topology.Current.Master));
    }

    [Fact]
    public void Replicaof_no_one_typed_on_a_replica_claims_the_group_under_a_new_epoch()
    {
        var node = Start(2);
        node.Actor.Tell(Cluster(leader: 1, Up(1, 1), Up(2, 2)));
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 3)));
        node.Control.ExpectMsg(new Call("follow", RespOf(1)), Wait);
        node.Board.EndLink(); // what REPLICAOF NO ONE does on the node
        node.Actor.Tell(new StateUpdate(State(1, TopologyRole.Master, epoch: 3)));
        node.Control.ExpectMsg(new Call("master", ""), Wait);
        node.Peers.FishForMessage<Sent>(s => s.Message is StateUpdate { State: { Role: TopologyRole.Master, Epoch: 4 } }, Wait);
    }

    private sealed record Call(string What, string Argument);

    private sealed record Sent(Address To, object Message);

    private sealed record TestTopologyNode(IActorRef Actor, TestProbe Control, TestProbe Peers, ReplicationStatusBoard Board, TopologyBoard Topology, Call StartFence);

    /// <summary>Node <paramref name="n"/>'s topology actor; returns once it has fenced writes at start (every node does).</summary>
    private TestTopologyNode Start(int n, bool initialMaster = false, bool autoFailover = false)
    {
        var control = CreateTestProbe();
        var peers = CreateTestProbe();
        var board = new ReplicationStatusBoard(1024);
        var topology = new TopologyBoard("default");
        var settings = new TopologySettings { Group = "default", InitialMaster = initialMaster, AutoFailover = autoFailover };
        var actor = Sys.ActorOf(TopologyActor.Props(settings, Node(n), $"run-{n}", 100, RespOf(n), board, topology,
            new ProbeControl(control.Ref, board), new ProbePeers(peers.Ref), _ => { }));
        var fence = control.ExpectMsg<Call>(c => Assert.Equal("fence", c.What), Wait);
        return new TestTopologyNode(actor, control, peers, board, topology, fence);
    }

    private static ClusterEvents.CurrentClusterState Cluster(int leader, params ClusterMember[] members) =>
        ClusterEvents.CurrentClusterState.Empty with
        {
            Members = members.ToImmutableSortedSet(ClusterMember.Ordering),
            Leader = Node(leader).Address,
        };

    /// <summary>Does to the board what ReplicationHosting does, and reports each call.</summary>
    private sealed class ProbeControl(IActorRef probe, ReplicationStatusBoard board) : IReplicationControl
    {
        public void Follow(MasterEndpoint master)
        {
            board.BeginLink(master, ReplicationSettings.Default);
            probe.Tell(new Call("follow", master.ToString()));
        }

        public void BecomeMaster()
        {
            if (board.IsReplica) board.EndLink();
            probe.Tell(new Call("master", ""));
        }

        public void Fence(string reason) => probe.Tell(new Call("fence", reason));
    }

    private sealed class ProbePeers(IActorRef probe) : ITopologyPeers
    {
        public void Send(Address member, object message, IActorRef sender) => probe.Tell(new Sent(member, message));
    }

    private sealed class NeverLocator : IMasterLocator
    {
        public Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken) => throw new InvalidOperationException("not reached");
    }
}
