using ActorReplication.Cluster;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class ConvergenceAndLeaderSpec
{
    [Fact]
    public void Gossip_seen_by_all_up_members_must_converge()
    {
        Assert.True(Convergence.IsConverged(G(M(1), M(2), M(3)), N(1)));
    }

    [Fact]
    public void Up_or_leaving_member_that_has_not_seen_the_version_must_block_convergence()
    {
        var g = G(M(1), M(2), M(3, MemberStatus.Leaving)).OnlySeen(N(1)).Seen(N(2));
        Assert.False(Convergence.IsConverged(g, N(1)));
        Assert.Equal([N(3)], Convergence.NotSeenBy(g));
        Assert.True(Convergence.IsConverged(g.Seen(N(3)), N(1)));
    }

    [Fact]
    public void Joining_down_and_exiting_members_need_not_have_seen_the_version()
    {
        var g = G(M(1), M(2, MemberStatus.Joining), M(3, MemberStatus.Down), M(4, MemberStatus.Exiting)).OnlySeen(N(1));
        Assert.True(Convergence.IsConverged(g, N(1)));
    }

    [Fact]
    public void Unreachable_member_must_block_convergence_until_it_is_down_or_exiting()
    {
        var g = G(M(1), M(2), M(3));
        g = g.WithReachability(g.Reachability.Unreachable(N(1), N(3)));
        Assert.False(Convergence.IsConverged(g, N(1)));
        Assert.True(Convergence.IsConverged(g.Update(M(3, MemberStatus.Down)), N(1)));
        Assert.True(Convergence.IsConverged(g.Update(M(3, MemberStatus.Exiting)), N(1)));
    }

    [Fact]
    public void Opinions_of_downed_observers_must_not_block_convergence()
    {
        var g = G(M(1), M(2), M(3, MemberStatus.Down));
        g = g.WithReachability(g.Reachability.Unreachable(N(3), N(2)));
        Assert.True(Convergence.IsConverged(g, N(1)));
    }

    [Fact]
    public void Leader_must_be_the_lowest_reachable_up_member()
    {
        var g = G(M(3), M(1, MemberStatus.Joining), M(2), M(4));
        Assert.Equal(N(2), Leader.Of(g, N(4)));
        var partitioned = g.WithReachability(g.Reachability.Unreachable(N(4), N(2)));
        Assert.Equal(N(3), Leader.Of(partitioned, N(4)));
        Assert.Equal(N(3), Leader.Of(partitioned.Update(M(2, MemberStatus.Down)).WithReachability(Reachability.Empty), N(4)));
    }

    [Fact]
    public void Unreachable_self_must_still_count_for_its_own_leadership()
    {
        var g = G(M(1), M(2));
        g = g.WithReachability(g.Reachability.Unreachable(N(2), N(1)));
        Assert.Equal(N(1), Leader.Of(g, N(1)));
        Assert.Equal(N(2), Leader.Of(g, N(2)));
    }

    [Fact]
    public void Forming_cluster_must_be_led_by_the_lowest_joining_member()
    {
        var g = G(M(2, MemberStatus.Joining), M(1, MemberStatus.Joining), M(3, MemberStatus.Exiting));
        Assert.Equal(N(1), Leader.Of(g, N(3)));
        Assert.Null(Leader.Of(Gossip.Empty, N(1)));
    }

    [Fact]
    public void Role_leader_must_be_chosen_among_members_with_the_role()
    {
        var g = G(M(1, roles: "a"), M(2, roles: ["a", "b"]), M(3, roles: "b"));
        Assert.Equal(N(1), Leader.RoleLeaderOf(g, "a", N(1)));
        Assert.Equal(N(2), Leader.RoleLeaderOf(g, "b", N(1)));
        Assert.Null(Leader.RoleLeaderOf(g, "c", N(1)));
        Assert.Equal(new Dictionary<string, UniqueAddress?> { ["a"] = N(1), ["b"] = N(2) }, Leader.RoleLeaders(g, N(3)));
    }
}
