using System.Collections.Immutable;
using ActorReplication.Cluster;
using FsCheck;
using FsCheck.Fluent;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

/// <summary>Gossip.Merge is a join: nodes that exchange gossip in any order, any number of times, agree.</summary>
public sealed class GossipMergeProperties
{
    // A small universe so that random gossips overlap: 5 addresses, two incarnations of address 5.
    private static readonly UniqueAddress[] Universe = [N(1), N(2), N(3), N(4), N(5, uid: 5), N(5, uid: 55)];
    private static readonly MemberStatus[] LiveStatuses = [.. Enum.GetValues<MemberStatus>().Where(s => s != MemberStatus.Removed)];

    /// <summary>A well-formed random gossip: nothing in it refers to a tombstoned incarnation.</summary>
    internal static Gossip RandomGossip(int seed)
    {
        var random = new Random(seed);
        var tombstoned = Universe.Where(_ => random.Next(6) == 0).ToImmutableSortedSet();
        var members = Universe.Where(n => !tombstoned.Contains(n) && random.Next(4) != 0)
            .Select(n => Member.Restore(n, LiveStatuses[random.Next(LiveStatuses.Length)],
                random.Next(2) == 0 ? ["r" + (n.Uid % 2)] : [], random.Next(3) == 0 ? Member.NotUpYet : random.Next(1, 4), ""))
            .ToList();
        var reachability = Reachability.Empty;
        for (var i = random.Next(6); i > 0; i--)
        {
            var observer = Universe[random.Next(Universe.Length)];
            var subject = Universe[random.Next(Universe.Length)];
            reachability = (random.Next(3)) switch
            {
                0 => reachability.Unreachable(observer, subject),
                1 => reachability.Reachable(observer, subject),
                _ => reachability.Terminated(observer, subject),
            };
        }
        var version = VectorClock.Empty;
        for (var i = random.Next(1, 6); i > 0; i--) version = version.Increment(Universe[random.Next(Universe.Length)]);
        var tombstones = tombstoned.ToImmutableSortedDictionary(n => n, _ => (long)random.Next(1, 4) * 1000);
        foreach (var dead in tombstoned) version = version.Prune(dead);
        // Each node that has seen something saw either this version or an earlier one (a prefix of the increments).
        var seen = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, VectorClock>();
        foreach (var m in members.Where(_ => random.Next(2) == 0))
            seen[m.UniqueAddress] = random.Next(2) == 0 ? version : VectorClock.Create(version.Versions.Select(kv => new KeyValuePair<string, long>(kv.Key, random.Next((int)kv.Value + 1))));
        return new Gossip(ImmutableSortedSet.CreateRange(Member.Ordering, members),
            new GossipOverview(seen.ToImmutable(), reachability.Remove(tombstoned)), version, tombstones);
    }

    private static Arbitrary<(int, int, int)> Seeds() =>
        Arb.From(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue)), (a, bc) => (a, bc.Item1, bc.Item2)));

    [Fact]
    public void Merge_must_be_commutative()
    {
        Prop.ForAll(Seeds(), s =>
        {
            var (a, b) = (RandomGossip(s.Item1), RandomGossip(s.Item2));
            return a.Merge(b).Equals(b.Merge(a)).Label($"{a}\n{b}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merge_must_be_associative()
    {
        Prop.ForAll(Seeds(), s =>
        {
            var (a, b, c) = (RandomGossip(s.Item1), RandomGossip(s.Item2), RandomGossip(s.Item3));
            return a.Merge(b).Merge(c).Equals(a.Merge(b.Merge(c))).Label($"{a}\n{b}\n{c}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merge_must_be_idempotent_and_have_the_empty_gossip_as_identity()
    {
        Prop.ForAll(Seeds(), s =>
        {
            var a = RandomGossip(s.Item1);
            var copy = RandomGossip(s.Item1);
            var b = RandomGossip(s.Item2);
            var ab = a.Merge(b);
            return (a.Merge(copy).Equals(a) && ab.Merge(b).Equals(ab) && ab.Merge(a).Equals(ab) && a.Merge(Gossip.Empty).Equals(a))
                .Label($"{a}\n{b}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merged_version_must_be_at_least_both_and_tombstones_must_win()
    {
        Prop.ForAll(Seeds(), s =>
        {
            var (a, b) = (RandomGossip(s.Item1), RandomGossip(s.Item2));
            var m = a.Merge(b);
            var dominates = m.Version.CompareTo(a.Version) is VectorClockOrdering.After or VectorClockOrdering.Same
                || a.Tombstones.Count + b.Tombstones.Count > 0; // pruning removes counters
            var noResurrection = m.Members.All(x => !m.IsTombstoned(x.UniqueAddress))
                && m.Overview.SeenVersions.Keys.All(x => !m.IsTombstoned(x))
                && m.Reachability.Records.All(r => !m.IsTombstoned(r.Observer) && !m.IsTombstoned(r.Subject));
            var everyMemberKept = a.Members.Concat(b.Members).All(x => m.IsTombstoned(x.UniqueAddress) || m.HasMember(x.UniqueAddress));
            return (dominates && noResurrection && everyMemberKept).Label(m.ToString());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Gossip_exchanged_in_any_order_must_converge_to_the_same_state()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue))), s =>
        {
            var gossips = Enumerable.Range(0, 5).Select(i => RandomGossip(s.Item1 + i)).ToList();
            var shuffle = new Random(s.Item2);
            var order = gossips.OrderBy(_ => shuffle.Next()).ToList();
            var forward = gossips.Aggregate(Gossip.Empty, (acc, g) => acc.Merge(g));
            var shuffled = order.Aggregate(Gossip.Empty, (acc, g) => g.Merge(acc));
            return forward.Equals(shuffled);
        }).QuickCheckThrowOnFailure();
    }
}
