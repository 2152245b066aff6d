namespace ActorReplication.Cluster;

/// <summary>
/// Who leads, computed by every node from its own gossip, so no election messages exist: the first member in
/// address order among those that are not Down and are reachable (self always counts as reachable to itself),
/// preferring Up and Leaving members; when there are none (a forming cluster), the first Joining one, with
/// Exiting members last. Nodes that agree on the gossip agree on the leader.
/// </summary>
public static class Leader
{
    public static UniqueAddress? Of(Gossip gossip, UniqueAddress self) => LeaderAmong(gossip.Members, gossip, self);

    /// <summary>The leader among members with <paramref name="role"/>; null when none qualifies.</summary>
    public static UniqueAddress? RoleLeaderOf(Gossip gossip, string role, UniqueAddress self) =>
        LeaderAmong(gossip.Members.Where(m => m.HasRole(role)), gossip, self);

    public static IReadOnlyDictionary<string, UniqueAddress?> RoleLeaders(Gossip gossip, UniqueAddress self) =>
        gossip.AllRoles.ToDictionary(r => r, r => RoleLeaderOf(gossip, r, self), StringComparer.Ordinal);

    private static UniqueAddress? LeaderAmong(IEnumerable<Member> members, Gossip gossip, UniqueAddress self)
    {
        var reachability = gossip.Reachability;
        var allReachable = reachability.IsAllReachable;
        Member? fallback = null;
        foreach (var m in members) // address order
        {
            if (m.Status == MemberStatus.Down) continue;
            if (!allReachable && !m.UniqueAddress.Equals(self) && !reachability.IsReachable(m.UniqueAddress)) continue;
            if (m.Status is MemberStatus.Up or MemberStatus.Leaving) return m.UniqueAddress;
            if (fallback is null || FallbackRank(m.Status) < FallbackRank(fallback.Status)) fallback = m;
        }
        return fallback?.UniqueAddress;
    }

    private static int FallbackRank(MemberStatus status) => status switch
    {
        MemberStatus.WeaklyUp => 0,
        MemberStatus.Joining => 1,
        MemberStatus.Exiting => 2,
        _ => 3,
    };
}
