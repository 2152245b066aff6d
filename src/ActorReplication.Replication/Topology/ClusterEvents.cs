using System.Collections.Immutable;
using Akka.Actor;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// The membership events the topology actor acts on, in terms of <see cref="ClusterMember"/>: the shape of
/// Akka.Cluster's <c>ClusterEvent</c> for the few events it needs, fed by <see cref="ClusterMembershipFeed"/>.
/// </summary>
public static class ClusterEvents
{
    public interface IClusterDomainEvent : INoSerializationVerificationNeeded;

    public interface IMemberEvent : IClusterDomainEvent
    {
        ClusterMember Member { get; }
    }

    public sealed record MemberUp(ClusterMember Member) : IMemberEvent;

    public sealed record MemberDowned(ClusterMember Member) : IMemberEvent;

    public sealed record MemberRemoved(ClusterMember Member, Akka.Cluster.MemberStatus PreviousStatus) : IMemberEvent;

    public sealed record UnreachableMember(ClusterMember Member) : IClusterDomainEvent;

    public sealed record ReachableMember(ClusterMember Member) : IClusterDomainEvent;

    /// <summary>This node's membership ended (downed, removed or left): it takes no further part.</summary>
    public sealed record ClusterShuttingDown : IClusterDomainEvent
    {
        public static ClusterShuttingDown Instance { get; } = new();
    }

    /// <summary>The whole membership as this node sees it.</summary>
    public sealed record CurrentClusterState(ImmutableSortedSet<ClusterMember> Members, ImmutableSortedSet<ClusterMember> Unreachable, Address? Leader)
        : INoSerializationVerificationNeeded
    {
        public static CurrentClusterState Empty { get; } =
            new(ImmutableSortedSet.Create(ClusterMember.Ordering), ImmutableSortedSet.Create(ClusterMember.Ordering), null);
    }

    /// <summary>The state after <paramref name="event"/>.</summary>
    public static CurrentClusterState Apply(CurrentClusterState state, IClusterDomainEvent @event) => @event switch
    {
        MemberRemoved removed => state with
        {
            Members = state.Members.Remove(removed.Member),
            Unreachable = state.Unreachable.Remove(removed.Member),
        },
        IMemberEvent changed => state with
        {
            Members = state.Members.Remove(changed.Member).Add(changed.Member),
            Unreachable = state.Unreachable.Contains(changed.Member)
                ? state.Unreachable.Remove(changed.Member).Add(changed.Member)
                : state.Unreachable,
        },
        UnreachableMember unreachable => state with { Unreachable = state.Unreachable.Remove(unreachable.Member).Add(unreachable.Member) },
        ReachableMember reachable => state with { Unreachable = state.Unreachable.Remove(reachable.Member) },
        _ => state,
    };
}
