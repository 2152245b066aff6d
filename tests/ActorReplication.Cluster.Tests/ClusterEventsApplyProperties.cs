using FsCheck;
using FsCheck.Fluent;
using static ActorReplication.Cluster.ClusterEvents;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

/// <summary>
/// A read view that applies the events of <see cref="Diff"/> to the snapshot of the old gossip arrives at the snapshot
/// of the new one: what <see cref="Cluster.State"/> (and INFO membership on a node) relies on.
/// </summary>
public sealed class ClusterEventsApplyProperties
{
    /// <summary>A random gossip whose reachability only talks about its members (as a daemon's does).</summary>
    private static Gossip Consistent(int seed)
    {
        var g = GossipMergeProperties.RandomGossip(seed);
        var nonMembers = g.Reachability.Records.SelectMany(r => new[] { r.Observer, r.Subject })
            .Concat(g.Reachability.Versions.Keys).Where(n => !g.HasMember(n)).Distinct().ToList();
        return g.WithReachability(g.Reachability.Remove(nonMembers));
    }

    private static string View(CurrentClusterState s) =>
        $"members [{string.Join(", ", s.Members.Select(m => $"{m.UniqueAddress} {m.Status} {m.UpNumber}"))}] " +
        $"unreachable [{string.Join(", ", s.Unreachable.Select(m => m.UniqueAddress))}] leader {s.Leader} " +
        $"roles [{string.Join(", ", s.RoleLeaderMap.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}"))}]";

    [Fact]
    public void Applying_the_diff_to_the_old_state_must_give_the_new_state()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue)), Gen.Choose(1, 5))), t =>
        {
            var ((s1, s2), selfIndex) = t;
            var self = N(selfIndex);
            var before = Consistent(s1);
            var after = Consistent(s2);
            var applied = Diff(before, after, self).Aggregate(StateOf(before, self), Apply);
            var expected = StateOf(after, self);
            return (View(applied) == View(expected)).Label($"applied  {View(applied)}\nexpected {View(expected)}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Applying_the_diff_from_empty_must_give_the_state()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(1, 5))), t =>
        {
            var g = Consistent(t.Item1);
            var self = N(t.Item2);
            var applied = Diff(Gossip.Empty, g, self).Aggregate(CurrentClusterState.Empty, Apply);
            return View(applied) == View(StateOf(g, self));
        }).QuickCheckThrowOnFailure();
    }
}
