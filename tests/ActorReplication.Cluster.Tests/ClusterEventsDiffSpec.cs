using ActorReplication.Cluster;
using static ActorReplication.Cluster.ClusterEvents;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class ClusterEventsDiffSpec
{
    [Fact]
    public void Identical_gossips_must_yield_no_events()
    {
        var g = G(M(1), M(2));
        Assert.Empty(Diff(g, g, N(1)));
    }

    [Fact]
    public void From_empty_must_yield_every_member_then_the_leader()
    {
        var g = G(M(1), M(2, MemberStatus.Joining), M(3, MemberStatus.Leaving));
        Assert.Equal<IClusterDomainEvent>(
            [new MemberUp(M(1)), new MemberJoined(M(2, MemberStatus.Joining)), new MemberLeft(M(3, MemberStatus.Leaving)), new LeaderChanged(Addr(1))],
            Diff(Gossip.Empty, g, N(1)));
    }

    [Fact]
    public void Status_changes_must_yield_one_event_each_in_akka_order()
    {
        var before = G(M(1), M(2), M(3), M(4, MemberStatus.Joining), M(5, MemberStatus.Leaving), M(6, MemberStatus.Exiting));
        var after = G(M(2), M(3, MemberStatus.Down), M(4, MemberStatus.Up, upNumber: 7), M(5, MemberStatus.Exiting));
        after = after.WithReachability(after.Reachability.Unreachable(N(2), N(3)));
        Assert.Equal<IClusterDomainEvent>(
        [
            new MemberDowned(M(3, MemberStatus.Down)),
            new MemberUp(M(4, MemberStatus.Up, upNumber: 7)),
            new MemberExited(M(5, MemberStatus.Exiting)),
            new MemberRemoved(M(1, MemberStatus.Removed), MemberStatus.Up),
            new MemberRemoved(M(6, MemberStatus.Removed, upNumber: 6), MemberStatus.Exiting),
            new UnreachableMember(M(3, MemberStatus.Down)),
            new LeaderChanged(Addr(2)),
        ], Diff(before, after, N(2)));
    }

    [Fact]
    public void Reachability_changes_must_yield_unreachable_then_reachable_but_never_about_self()
    {
        var g = G(M(1), M(2), M(3));
        var unreachable = g.WithReachability(g.Reachability.Unreachable(N(1), N(2)).Unreachable(N(2), N(1))).Increment(N(1));
        Assert.Equal<IClusterDomainEvent>([new UnreachableMember(M(2))], Diff(g, unreachable, N(1)));
        var healed = unreachable.WithReachability(unreachable.Reachability.Reachable(N(1), N(2)).Reachable(N(2), N(1))).Increment(N(1));
        Assert.Equal<IClusterDomainEvent>([new ReachableMember(M(2))], Diff(unreachable, healed, N(1)));
    }

    [Fact]
    public void Leader_and_role_leader_changes_must_come_last()
    {
        var before = G(M(1, roles: "a"), M(2, roles: ["a", "b"]));
        var after = G(M(2, roles: ["a", "b"]));
        Assert.Equal<IClusterDomainEvent>(
            [new MemberRemoved(M(1, MemberStatus.Removed, roles: "a"), MemberStatus.Up), new LeaderChanged(Addr(2)), new RoleLeaderChanged("a", Addr(2))],
            Diff(before, after, N(2)));
        Assert.Equal<IClusterDomainEvent>(
            [new MemberRemoved(M(2, MemberStatus.Removed, roles: ["a", "b"]), MemberStatus.Up), new LeaderChanged(null), new RoleLeaderChanged("a", null), new RoleLeaderChanged("b", null)],
            Diff(after, Gossip.Empty, N(2)));
    }

    [Fact]
    public void Snapshot_must_describe_the_gossip_from_self()
    {
        var g = G(M(1, roles: "a"), M(2), M(3));
        g = g.WithReachability(g.Reachability.Unreachable(N(1), N(3)).Unreachable(N(2), N(1)));
        var state = StateOf(g, N(1));
        Assert.Equal(3, state.Members.Count);
        Assert.Equal([N(3)], state.Unreachable.Select(m => m.UniqueAddress));
        Assert.Equal(Addr(1), state.Leader);
        Assert.Equal(Addr(1), state.RoleLeader("a"));
        Assert.Equal(new[] { Addr(1), Addr(2), Addr(3) }, state.SeenBy.ToArray());
    }
}
