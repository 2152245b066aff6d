using ActorReplication.Cluster;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class GossipSpec
{
    [Fact]
    public void Merge_of_diverged_gossips_must_take_the_later_status_per_member_and_be_seen_by_nobody()
    {
        var baseGossip = G(M(1), M(2), M(3, MemberStatus.Joining));
        var left = GossipChanges.Leave(baseGossip, Addr(2), N(1));
        var upped = baseGossip.Update(M(3, MemberStatus.Up, upNumber: 3)).Increment(N(2)).OnlySeen(N(2));
        Assert.Equal(VectorClockOrdering.Concurrent, left.Version.CompareTo(upped.Version));

        var merged = left.Merge(upped);
        Assert.Equal(MemberStatus.Leaving, merged.GetMember(N(2)).Status);
        Assert.Equal(MemberStatus.Up, merged.GetMember(N(3)).Status);
        Assert.Empty(merged.SeenBy);
        Assert.Equal(VectorClockOrdering.After, merged.Version.CompareTo(left.Version));
        Assert.Equal(VectorClockOrdering.After, merged.Version.CompareTo(upped.Version));
    }

    [Fact]
    public void Merge_with_an_older_gossip_must_keep_the_newer_one_and_its_seen_set()
    {
        var older = G(M(1), M(2));
        var newer = GossipChanges.Down(older, Addr(2), N(1)).Seen(N(2));
        var merged = older.Merge(newer);
        Assert.Equal(newer, merged);
        Assert.Equal([N(1), N(2)], merged.SeenBy);
    }

    [Fact]
    public void Merge_of_the_same_version_must_union_the_seen_sets()
    {
        var g = G(M(1), M(2), M(3)).OnlySeen(N(1));
        var merged = g.Merge(g.OnlySeen(N(3)));
        Assert.Equal([N(1), N(3)], merged.SeenBy);
        Assert.Equal([N(1), N(3)], g.MergeSeen(g.OnlySeen(N(3))).SeenBy);
    }

    [Fact]
    public void Removed_member_must_not_come_back_through_an_older_gossip()
    {
        var before = G(M(1), M(2, MemberStatus.Down));
        before = before.WithReachability(before.Reachability.Unreachable(N(1), N(2)));
        var after = before.Remove([N(2)], 1000).Increment(N(1)).OnlySeen(N(1));
        Assert.False(after.HasMember(N(2)));
        Assert.True(after.IsTombstoned(N(2)));
        Assert.True(after.Reachability.IsAllReachable);

        var merged = before.Merge(after);
        Assert.False(merged.HasMember(N(2)));
        Assert.True(merged.Reachability.IsAllReachable);
        Assert.Equal(0, merged.Version[VectorClock.NodeOf(N(2))]);
    }

    [Fact]
    public void Tombstones_must_be_pruned_only_when_old_enough()
    {
        var g = G(M(1), M(2)).Remove([N(2)], 1000);
        Assert.Same(g, g.PruneTombstones(1000));
        Assert.Empty(g.PruneTombstones(1001).Tombstones);
    }

    [Fact]
    public void Member_lookup_must_distinguish_incarnations()
    {
        var g = G(M(1), M(2, uid: 20));
        Assert.True(g.HasMember(N(2, uid: 20)));
        Assert.False(g.HasMember(N(2, uid: 21)));
        Assert.Equal(N(2, uid: 20), g.MemberAt(Addr(2))!.UniqueAddress);
    }
}
