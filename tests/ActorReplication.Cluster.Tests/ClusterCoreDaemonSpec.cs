using ActorReplication.Actors;
using ActorReplication.Cluster;
using ActorReplication.TestKit;
using static ActorReplication.Cluster.ClusterProtocol;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

/// <summary>One daemon, its peers played by a probe that sees everything it sends.</summary>
public sealed class ClusterCoreDaemonSpec() : TestKit.TestKit(TestSchedulerConfig)
{
    private sealed record Sent(Address To, IClusterMessage Message);

    private sealed class ProbeTransport(IActorRef probe) : IClusterTransport
    {
        public void Send(Address recipient, IClusterMessage message) => probe.Tell(new Sent(recipient, message), null);
    }

    private (Cluster Node, TestProbe Wire) StartNode(int i = 1)
    {
        var wire = CreateTestProbe();
        var settings = ClusterSettings.FromConfig(ActorReplication.Configuration.HoconFiles.ParseString("cluster { roles = [db], resp-endpoint = \"127.0.0.1:6380\" }"));
        var node = Cluster.Create(Sys, new ClusterSetup(Addr(i), new ProbeTransport(wire.Ref), settings, Uid: i, Name: $"node-{i}", PublishToEventStream: false));
        return (node, wire);
    }

    private static ClusterDaemonMessages.InternalState State(Cluster node)
    {
        var task = node.GetInternalStateAsync(TimeSpan.FromMinutes(10));
        return task.Wait(TimeSpan.FromSeconds(10)) ? task.Result : throw new TimeoutException($"{node} did not answer");
    }

    private static T Expect<T>(TestProbe wire, Address to) where T : IClusterMessage
    {
        var sent = wire.FishForMessage<Sent>(s => s.Message is T && s.To.Equals(to));
        return (T)sent.Message;
    }

    [Fact]
    public void Node_that_is_not_a_member_must_refuse_init_join_but_answer_heartbeats()
    {
        var (node, wire) = StartNode();
        node.Deliver(new InitJoin(N(2)));
        Assert.Equal(N(1), Expect<InitJoinNack>(wire, Addr(2)).From);
        node.Deliver(new Heartbeat(N(2), 7));
        Assert.Equal(7, Expect<HeartbeatRsp>(wire, Addr(2)).SequenceNr);
    }

    [Fact]
    public void Member_must_acknowledge_init_join_and_welcome_a_joiner_with_its_roles_and_endpoint()
    {
        var (node, wire) = StartNode();
        node.Join(Addr(1));
        node.Deliver(new InitJoin(N(2)));
        Expect<InitJoinAck>(wire, Addr(2));

        node.Deliver(new Join(N(2), ["replica"], "127.0.0.1:6381"));
        var welcome = Expect<Welcome>(wire, Addr(2));
        Assert.Equal(N(2), welcome.To);
        var joiner = welcome.Gossip.GetMember(N(2));
        Assert.Equal((MemberStatus.Joining, "127.0.0.1:6381"), (joiner.Status, joiner.RespEndpoint));
        Assert.Equal(["replica"], joiner.Roles);
        Assert.Equal(["db"], welcome.Gossip.GetMember(N(1)).Roles);

        node.Deliver(new Join(N(2), ["replica"], "127.0.0.1:6381")); // a retry gets the welcome again
        Expect<Welcome>(wire, Addr(2));
    }

    [Fact]
    public void Joiner_must_send_join_to_the_seed_that_acknowledges_and_become_a_member_on_welcome()
    {
        var (node, wire) = StartNode(2);
        node.JoinSeedNodes([Addr(1), Addr(2)]);
        Expect<InitJoin>(wire, Addr(1));
        node.Deliver(new InitJoinAck(N(1)));
        var join = Expect<Join>(wire, Addr(1));
        Assert.Equal((N(2), "127.0.0.1:6380"), (join.From, join.RespEndpoint));

        var gossip = GossipChanges.AddJoining(G(M(1)), Member.Create(N(2)), N(1));
        node.Deliver(new Welcome(N(1), N(2), gossip));
        AwaitAssert(() => Assert.Equal("Initialized", State(node).Phase));
        Assert.True(State(node).Gossip.SeenByNode(N(2)));
    }

    [Fact]
    public void Gossip_for_another_incarnation_or_from_a_stranger_must_be_ignored()
    {
        var (node, wire) = StartNode();
        node.Join(Addr(1));
        node.Deliver(new Join(N(2), [], ""));
        var welcome = Expect<Welcome>(wire, Addr(2));
        var before = State(node).Gossip;

        var newer = GossipChanges.Down(welcome.Gossip, Addr(1), N(2));
        node.Deliver(new GossipEnvelope(N(2), N(1, uid: 99), newer)); // meant for another incarnation of node 1
        node.Deliver(new GossipEnvelope(N(3), N(1), newer));         // from a node that is not a member
        Assert.Equal(before, State(node).Gossip);

        node.Deliver(new GossipEnvelope(N(2), N(1), newer));
        AwaitAssert(() => Assert.Equal("ShutDown", State(node).Phase)); // it was downed
    }

    [Fact]
    public void Join_from_a_removed_incarnation_must_be_ignored()
    {
        var (node, wire) = StartNode();
        node.Join(Addr(1));
        node.Deliver(new Join(N(2), [], ""));
        Expect<Welcome>(wire, Addr(2));
        node.Down(Addr(2));
        AwaitAssert(() => Assert.Equal(MemberStatus.Down, State(node).Gossip.GetMember(N(2)).Status));
        node.Deliver(new GossipEnvelope(N(2), N(1), State(node).Gossip.Seen(N(2))));
        Scheduler.Advance(TimeSpan.FromSeconds(2)); // leader tick removes the Down member that has seen its fate
        AwaitAssert(() => Assert.True(State(node).Gossip.IsTombstoned(N(2))));

        wire.ReceiveWhile<object>(m => m, idle: TimeSpan.FromMilliseconds(100));
        node.Deliver(new Join(N(2), [], ""));
        wire.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
