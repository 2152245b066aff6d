using ActorReplication.Cluster;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class LeaderActionsSpec
{
    [Fact]
    public void Leader_must_move_joining_members_up_on_convergence_numbered_in_address_order()
    {
        var g = G(M(1, upNumber: 1), M(3, MemberStatus.Joining), M(2, MemberStatus.Joining));
        var result = LeaderActions.OnConvergence(g, N(1), minNrOfMembers: 1, nowUnixMs: 0);
        Assert.True(result.Changed);
        Assert.Equal([(N(2), 2), (N(3), 3)], result.Upped.Select(m => (m.UniqueAddress, m.UpNumber)));
        Assert.All(result.Gossip.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
        Assert.Equal([N(1)], result.Gossip.SeenBy);
        Assert.Equal(VectorClockOrdering.After, result.Gossip.Version.CompareTo(g.Version));
    }

    [Fact]
    public void First_node_must_move_itself_up()
    {
        var g = G(M(1, MemberStatus.Joining));
        var result = LeaderActions.OnConvergence(g, N(1), 1, 0);
        Assert.Equal(1, result.Gossip.GetMember(N(1)).UpNumber);
        Assert.Equal(MemberStatus.Up, result.Gossip.GetMember(N(1)).Status);
    }

    [Fact]
    public void Non_leader_or_unconverged_gossip_must_do_nothing()
    {
        var g = G(M(1), M(2, MemberStatus.Joining));
        Assert.False(LeaderActions.OnConvergence(g, N(2), 1, 0).Changed);
        var unconverged = G(M(1), M(2), M(3, MemberStatus.Joining)).OnlySeen(N(1));
        Assert.Same(unconverged, LeaderActions.OnConvergence(unconverged, N(1), 1, 0).Gossip);
    }

    [Fact]
    public void Joining_must_wait_for_min_nr_of_members()
    {
        var g = G(M(1, MemberStatus.Joining), M(2, MemberStatus.Joining));
        Assert.False(LeaderActions.OnConvergence(g, N(1), minNrOfMembers: 3, 0).Changed);
        Assert.Equal(3, LeaderActions.OnConvergence(g.Update(M(3, MemberStatus.Joining)), N(1), 3, 0).Upped.Length);
    }

    [Fact]
    public void Leaving_must_become_exiting_then_removed_once_the_exiting_member_has_seen_it()
    {
        var g = G(M(1), M(2, MemberStatus.Leaving));
        var round1 = LeaderActions.OnConvergence(g, N(1), 1, 0);
        Assert.Equal([N(2)], round1.Exited.Select(m => m.UniqueAddress));
        Assert.Equal(MemberStatus.Exiting, round1.Gossip.GetMember(N(2)).Status);

        Assert.False(LeaderActions.OnConvergence(round1.Gossip, N(1), 1, 0).Changed); // N(2) has not seen Exiting yet

        var round2 = LeaderActions.OnConvergence(round1.Gossip.Seen(N(2)), N(1), 1, nowUnixMs: 5000);
        Assert.Equal([(N(2), MemberStatus.Removed)], round2.Removed.Select(m => (m.UniqueAddress, m.Status)));
        Assert.False(round2.Gossip.HasMember(N(2)));
        Assert.Equal(5000, round2.Gossip.Tombstones[N(2)]);
    }

    [Fact]
    public void Unreachable_down_member_must_be_removed_on_convergence()
    {
        var g = G(M(1), M(2), M(3, MemberStatus.Down)).OnlySeen(N(1)).Seen(N(2));
        g = g.WithReachability(g.Reachability.Unreachable(N(1), N(3)));
        var result = LeaderActions.OnConvergence(g, N(1), 1, 0);
        Assert.Equal([N(3)], result.Removed.Select(m => m.UniqueAddress));
        Assert.True(result.Gossip.Reachability.IsAllReachable);
        Assert.True(Convergence.IsConverged(result.Gossip.Seen(N(2)), N(1)));
    }

    [Fact]
    public void Reachable_down_member_must_wait_until_it_has_seen_its_fate()
    {
        var g = G(M(1), M(2, MemberStatus.Down)).OnlySeen(N(1));
        Assert.False(LeaderActions.OnConvergence(g, N(1), 1, 0).Changed);
        Assert.True(LeaderActions.OnConvergence(g.Seen(N(2)), N(1), 1, 0).Changed);
    }

    [Fact]
    public void Gossip_changes_must_version_and_mark_only_self_seen()
    {
        var g = G(M(1), M(2));
        var joined = GossipChanges.AddJoining(g, Member.Create(N(3), ["x"], "h:1"), N(1));
        Assert.Equal(MemberStatus.Joining, joined.GetMember(N(3)).Status);
        Assert.Equal([N(1)], joined.SeenBy);
        Assert.Same(joined, GossipChanges.AddJoining(joined, Member.Create(N(3)), N(1)));
        var tombstoned = g.Remove([N(3)], 1);
        Assert.Same(tombstoned, GossipChanges.AddJoining(tombstoned, Member.Create(N(3)), N(1)));

        Assert.Equal(MemberStatus.Leaving, GossipChanges.Leave(g, Addr(2), N(1)).GetMember(N(2)).Status);
        Assert.Same(g, GossipChanges.Leave(g, Addr(9), N(1)));
        Assert.Equal(MemberStatus.Down, GossipChanges.Down(g, Addr(2), N(1)).GetMember(N(2)).Status);

        var observed = GossipChanges.Observe(g, N(1), [N(2)], []);
        Assert.False(observed.Reachability.IsReachable(N(2)));
        Assert.True(GossipChanges.Observe(observed, N(1), [], [N(2)]).Reachability.IsAllReachable);
        Assert.Equal(ReachabilityStatus.Terminated, GossipChanges.Terminated(g, N(1), N(2)).Reachability.Status(N(2)));
    }
}
