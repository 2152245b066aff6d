using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>
/// The keep-majority split-brain strategy as a pure decision over one side's view: the members, and which of
/// them this side cannot reach. The side with more counted members keeps running and downs the rest; the other
/// side downs itself. With an exact half, the side that holds the lowest address among the counted members keeps
/// running. Counted members are those Up or Leaving (with the role, when one is set): Joining and WeaklyUp ones may
/// have been moved Up on the other side meanwhile, so when counting them (and not counting Leaving ones, which may
/// have become Exiting there) would reverse a "keep running", the decision becomes DownAll; so does a split with no
/// counted member at all. Two sides that see the
/// same members can therefore never both keep running.
/// </summary>
public static class KeepMajority
{
    public static DowningDecision Decide(IEnumerable<Member> members, IReadOnlySet<UniqueAddress> unreachable, string? role = null)
    {
        var everyone = members.OrderBy(m => m, Member.Ordering).ToList();
        if (everyone.Where(m => unreachable.Contains(m.UniqueAddress)).All(m => m.Status is MemberStatus.Down or MemberStatus.Exiting))
            return DowningDecision.DownUnreachable; // nothing left to decide: the unreachable are already on their way out

        var all = role is null ? everyone : everyone.Where(m => m.HasRole(role)).ToList();

        var counted = Counted(all, includingPossiblyUp: false, excludingPossiblyExiting: false);
        if (counted.Count == 0) return DowningDecision.DownAll;
        var decision = MajorityDecision(counted, unreachable);
        if (decision != DowningDecision.DownUnreachable) return decision;

        // Membership may have moved on the other side while we were split: decide again with the worst case for us.
        var edge = Counted(all, includingPossiblyUp: true, excludingPossiblyExiting: true);
        return edge.Count > 0 && MajorityDecision(edge, unreachable) == DowningDecision.DownUnreachable
            ? DowningDecision.DownUnreachable
            : DowningDecision.DownAll;
    }

    /// <summary>
    /// Which members this side marks Down for <paramref name="decision"/>: never members already Down or Exiting
    /// (and never Removed ones, which are not in the gossip anymore).
    /// </summary>
    public static ImmutableSortedSet<UniqueAddress> NodesToDown(DowningDecision decision, IEnumerable<Member> members, IReadOnlySet<UniqueAddress> unreachable)
    {
        var downable = members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Removed))
            .Select(m => m.UniqueAddress);
        return decision switch
        {
            DowningDecision.DownUnreachable => downable.Where(unreachable.Contains).ToImmutableSortedSet(),
            DowningDecision.DownReachable => downable.Where(n => !unreachable.Contains(n)).ToImmutableSortedSet(),
            _ => downable.ToImmutableSortedSet(),
        };
    }

    private static List<Member> Counted(List<Member> all, bool includingPossiblyUp, bool excludingPossiblyExiting) =>
        all.Where(m => m.Status switch
        {
            MemberStatus.Up => true,
            MemberStatus.Leaving => !excludingPossiblyExiting,
            MemberStatus.Joining or MemberStatus.WeaklyUp => includingPossiblyUp,
            _ => false,
        }).ToList();

    private static DowningDecision MajorityDecision(List<Member> counted, IReadOnlySet<UniqueAddress> unreachable)
    {
        var unreachableCount = counted.Count(m => unreachable.Contains(m.UniqueAddress));
        var reachableCount = counted.Count - unreachableCount;
        if (reachableCount != unreachableCount)
            return reachableCount > unreachableCount ? DowningDecision.DownUnreachable : DowningDecision.DownReachable;
        var lowest = counted[0]; // counted is in address order
        return unreachable.Contains(lowest.UniqueAddress) ? DowningDecision.DownReachable : DowningDecision.DownUnreachable;
    }
}
