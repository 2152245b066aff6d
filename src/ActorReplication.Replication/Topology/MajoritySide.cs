using Akka.Cluster;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// Whether this node's side of a partition is the one Akka's split-brain resolver (<c>keep-majority</c>) keeps: more
/// of the Up and Leaving members reachable than not, or on a tie the side holding the lowest address. A master
/// that would be downed refuses writes at once instead of waiting for <c>stable-after</c> (fencing, decision 0010).
/// </summary>
public static class MajoritySide
{
    public static bool IsKept(IEnumerable<ClusterMember> members, IReadOnlySet<UniqueAddress> unreachable)
    {
        var counted = members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).OrderBy(m => m, ClusterMember.Ordering).ToList();
        if (counted.Count == 0) return false;
        var unreachableCount = counted.Count(m => unreachable.Contains(m.UniqueAddress));
        var reachableCount = counted.Count - unreachableCount;
        return reachableCount != unreachableCount ? reachableCount > unreachableCount : !unreachable.Contains(counted[0].UniqueAddress);
    }
}
