using Akka.Cluster;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// What the topology needs to know of one cluster member: its incarnation, status, age and RESP endpoint. A plain
/// value (Akka.Cluster's <see cref="Member"/> can only be made by Akka), so topology decisions are specified with
/// members a test writes down; <see cref="ClusterMembershipFeed"/> makes them from Akka.Cluster's members.
/// </summary>
/// <param name="UpNumber">Age: lower is older (<see cref="NotUpYet"/> before Up). Consistent across the cluster.</param>
/// <param name="RespEndpoint">Where the member answers RESP (<c>host:port</c>), from its <c>resp:</c> role.</param>
public sealed record ClusterMember(UniqueAddress UniqueAddress, MemberStatus Status, int UpNumber, string RespEndpoint)
{
    public const int NotUpYet = int.MaxValue;

    public Akka.Actor.Address Address => UniqueAddress.Address;

    /// <summary>By incarnation only, so a set holds one entry per incarnation and Remove + Add replaces it.</summary>
    public static IComparer<ClusterMember> Ordering { get; } = Comparer<ClusterMember>.Create((a, b) => a.UniqueAddress.CompareTo(b.UniqueAddress));

    /// <summary>Oldest first; ties (never between two Up members) by incarnation.</summary>
    public static IComparer<ClusterMember> AgeOrdering { get; } = Comparer<ClusterMember>.Create((a, b) =>
        a.UpNumber != b.UpNumber ? a.UpNumber.CompareTo(b.UpNumber) : a.UniqueAddress.CompareTo(b.UniqueAddress));

    public override string ToString() =>
        $"Member({UniqueAddress}, {Status}{(UpNumber == NotUpYet ? "" : $", up #{UpNumber}")}{(RespEndpoint.Length == 0 ? "" : $", resp {RespEndpoint}")})";
}
