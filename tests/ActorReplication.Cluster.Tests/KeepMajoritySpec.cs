using System.Collections.Immutable;
using ActorReplication.Cluster;
using FsCheck;
using FsCheck.Fluent;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class KeepMajoritySpec
{
    private static IReadOnlySet<UniqueAddress> Set(params int[] nodes) => nodes.Select(i => N(i)).ToHashSet();

    private static readonly Member[] Five = [M(1), M(2), M(3), M(4), M(5)];

    [Fact]
    public void Majority_side_must_down_the_unreachable_minority()
    {
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide(Five, Set(4, 5)));
        Assert.Equal([N(4), N(5)], KeepMajority.NodesToDown(DowningDecision.DownUnreachable, Five, Set(4, 5)));
    }

    [Fact]
    public void Minority_side_must_down_itself()
    {
        Assert.Equal(DowningDecision.DownReachable, KeepMajority.Decide(Five, Set(1, 2, 3)));
        Assert.Equal([N(4), N(5)], KeepMajority.NodesToDown(DowningDecision.DownReachable, Five, Set(1, 2, 3)));
    }

    [Fact]
    public void Exact_half_must_keep_the_side_with_the_lowest_address()
    {
        Member[] four = [M(1), M(2), M(3), M(4)];
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide(four, Set(3, 4)));
        Assert.Equal(DowningDecision.DownReachable, KeepMajority.Decide(four, Set(1, 2)));
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide(four, Set(2, 4)));
        Assert.Equal(DowningDecision.DownReachable, KeepMajority.Decide(four, Set(1, 3)));
    }

    [Fact]
    public void Single_crashed_node_must_be_downed_by_the_rest()
    {
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide([M(1), M(2), M(3)], Set(2)));
    }

    [Fact]
    public void Unreachable_members_already_down_or_exiting_must_simply_be_removed()
    {
        Member[] members = [M(1), M(2, MemberStatus.Down), M(3, MemberStatus.Exiting)];
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide(members, Set(2, 3)));
        Assert.Empty(KeepMajority.NodesToDown(DowningDecision.DownUnreachable, members, Set(2, 3)));
    }

    [Fact]
    public void Joining_members_must_not_count_but_may_turn_a_win_into_down_all()
    {
        // 2 Up here vs 1 Up there: a win, unless the 2 Joining members there were moved Up meanwhile.
        Member[] members = [M(1), M(2), M(3), M(4, MemberStatus.Joining), M(5, MemberStatus.Joining)];
        Assert.Equal(DowningDecision.DownAll, KeepMajority.Decide(members, Set(3, 4, 5)));
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide(members, Set(3)));
    }

    [Fact]
    public void Role_must_restrict_the_count()
    {
        Member[] members = [M(1, roles: "db"), M(2), M(3), M(4, roles: "db"), M(5, roles: "db")];
        Assert.Equal(DowningDecision.DownReachable, KeepMajority.Decide(members, Set(4, 5), role: "db"));
        Assert.Equal(DowningDecision.DownUnreachable, KeepMajority.Decide(members, Set(4, 5)));
    }

    private static readonly MemberStatus[] Statuses = [.. Enum.GetValues<MemberStatus>().Where(s => s != MemberStatus.Removed)];

    /// <summary>Any membership, any split in two: the two sides, deciding apart, never both keep running.</summary>
    [Fact]
    public void At_most_one_side_of_any_partition_must_survive()
    {
        var gen = Gen.Zip(Gen.Choose(1, 9), Gen.Choose(0, int.MaxValue));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (size, seed) = t;
            var random = new Random(seed);
            var members = Enumerable.Range(1, size)
                .Select(i => M(i, random.Next(3) == 0 ? Statuses[random.Next(Statuses.Length)] : MemberStatus.Up)).ToList();
            var sideA = members.Where(_ => random.Next(2) == 0).Select(m => m.UniqueAddress).ToHashSet();
            var sideB = members.Select(m => m.UniqueAddress).Where(n => !sideA.Contains(n)).ToHashSet();
            string? role = random.Next(4) == 0 ? "r" : null;
            if (role is not null) members = members.Select(m => random.Next(2) == 0 ? Member.Restore(m.UniqueAddress, m.Status, ["r"], m.UpNumber, "") : m).ToList();

            var a = KeepMajority.Decide(members, sideB, role); // A cannot reach B
            var b = KeepMajority.Decide(members, sideA, role);
            bool Survives(DowningDecision d, HashSet<UniqueAddress> side) =>
                d == DowningDecision.DownUnreachable && members.Any(m => side.Contains(m.UniqueAddress) && m.Status is not (MemberStatus.Down or MemberStatus.Exiting));
            var survivors = (Survives(a, sideA) ? 1 : 0) + (Survives(b, sideB) ? 1 : 0);

            // And when both sides hold counted members and nothing is in flux, exactly one survives.
            var counted = members.Where(m => (role is null || m.HasRole(role)) && m.Status is MemberStatus.Up).ToList();
            var settled = members.All(m => m.Status == MemberStatus.Up) && counted.Count > 0;
            return (survivors <= 1 && (!settled || survivors == 1)).Label($"{string.Join(", ", members)} | A=[{string.Join(",", sideA)}] {a} B {b}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Down_reachable_must_never_down_the_unreachable_side_and_vice_versa()
    {
        var unreachable = Set(4, 5);
        var downUnreachable = KeepMajority.NodesToDown(DowningDecision.DownUnreachable, Five, unreachable);
        var downReachable = KeepMajority.NodesToDown(DowningDecision.DownReachable, Five, unreachable);
        Assert.Empty(downUnreachable.Intersect(downReachable));
        Assert.Equal(Five.Select(m => m.UniqueAddress).ToImmutableSortedSet(), KeepMajority.NodesToDown(DowningDecision.DownAll, Five, unreachable));
    }
}
