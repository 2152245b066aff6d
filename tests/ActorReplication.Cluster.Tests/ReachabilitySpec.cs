using ActorReplication.Cluster;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class ReachabilitySpec
{
    [Fact]
    public void Unreachable_then_reachable_must_version_each_change_and_drop_an_all_reachable_observer()
    {
        var r = Reachability.Empty.Unreachable(N(1), N(2));
        Assert.Equal(ReachabilityStatus.Unreachable, r.Status(N(1), N(2)));
        Assert.Equal(1, r.Versions[N(1)]);
        Assert.False(r.IsReachable(N(2)));
        Assert.Equal([N(2)], r.AllUnreachable);

        r = r.Reachable(N(1), N(2));
        Assert.True(r.IsReachable(N(2)));
        Assert.Empty(r.Records);
        Assert.Equal(2, r.Versions[N(1)]);
        Assert.True(r.IsAllReachable);
    }

    [Fact]
    public void Reachable_without_any_record_must_change_nothing()
    {
        Assert.Same(Reachability.Empty, Reachability.Empty.Reachable(N(1), N(2)));
    }

    [Fact]
    public void Terminated_must_be_final_and_beat_unreachable_in_the_aggregate()
    {
        var r = Reachability.Empty.Unreachable(N(1), N(3)).Terminated(N(2), N(3));
        Assert.Equal(ReachabilityStatus.Terminated, r.Status(N(3)));
        Assert.Same(r, r.Reachable(N(2), N(3)));
        Assert.Equal([N(3)], r.AllUnreachableOrTerminated);
        Assert.Empty(r.AllUnreachable);
    }

    [Fact]
    public void Subject_must_stay_unreachable_while_any_observer_says_so()
    {
        var r = Reachability.Empty.Unreachable(N(1), N(3)).Unreachable(N(2), N(3)).Reachable(N(1), N(3));
        Assert.False(r.IsReachable(N(3)));
        Assert.True(r.IsReachable(N(1), N(3)));
        Assert.Equal([N(3)], r.AllUnreachableFrom(N(2)));
        Assert.Equal([N(2)], r.AllObservers);
    }

    [Fact]
    public void Merge_must_keep_each_observers_newest_rows()
    {
        var old = Reachability.Empty.Unreachable(N(1), N(3));          // observer 1 at v1
        var newer = old.Reachable(N(1), N(3)).Unreachable(N(1), N(4)); // observer 1 at v3
        var other = Reachability.Empty.Unreachable(N(2), N(5));         // observer 2 at v1
        var merged = old.Merge(other).Merge(newer);
        Assert.True(merged.IsReachable(N(3)));
        Assert.False(merged.IsReachable(N(4)));
        Assert.False(merged.IsReachable(N(5)));
        Assert.Equal(merged, newer.Merge(other).Merge(old));
    }

    [Fact]
    public void Merge_must_forget_rows_an_observer_dropped_later()
    {
        var unreachable = Reachability.Empty.Unreachable(N(1), N(3));
        var healed = unreachable.Reachable(N(1), N(3)); // rows dropped, version 2
        Assert.True(unreachable.Merge(healed).IsAllReachable);
        Assert.True(healed.Merge(unreachable).IsAllReachable);
    }

    [Fact]
    public void Remove_must_forget_nodes_as_observers_and_subjects()
    {
        var r = Reachability.Empty.Unreachable(N(1), N(2)).Unreachable(N(2), N(3)).Unreachable(N(3), N(1));
        var removed = r.Remove([N(2)]);
        Assert.Equal([N(1)], removed.AllUnreachableOrTerminated);
        Assert.False(removed.Versions.ContainsKey(N(2)));
    }
}
