namespace ActorReplication.Cluster;

/// <summary>
/// Gossip convergence, the precondition for every leader action: all members that count have seen the current
/// version, and no member that counts is unreachable. As in Akka, Up and Leaving members must have seen it
/// (Joining ones need not), and unreachable members only block when they are not already Down or Exiting.
/// Opinions of Down observers are ignored, so a downed node's stale view cannot block the rest.
/// </summary>
public static class Convergence
{
    public static bool IsConverged(Gossip gossip, UniqueAddress self)
    {
        foreach (var member in gossip.Members)
            if (member.Status is MemberStatus.Up or MemberStatus.Leaving && !gossip.SeenByNode(member.UniqueAddress))
                return false;

        var reachability = ReachabilityExcludingDownedObservers(gossip);
        foreach (var node in reachability.AllUnreachableOrTerminated)
        {
            if (node.Equals(self)) continue;
            if (gossip.TryGetMember(node, out var member) && member.Status is not (MemberStatus.Down or MemberStatus.Exiting))
                return false;
        }
        return true;
    }

    /// <summary>Members whose seen mark is still missing, for logs and diagnostics.</summary>
    public static IReadOnlyList<UniqueAddress> NotSeenBy(Gossip gossip) =>
        gossip.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && !gossip.SeenByNode(m.UniqueAddress))
            .Select(m => m.UniqueAddress).ToList();

    internal static Reachability ReachabilityExcludingDownedObservers(Gossip gossip) =>
        gossip.Reachability.RemoveObservers(gossip.Members.Where(m => m.Status == MemberStatus.Down).Select(m => m.UniqueAddress));
}
