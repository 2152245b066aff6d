using System.Collections.Immutable;
using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// Membership events, published by each node's cluster daemon to its subscribers as its view of the gossip
/// changes (<see cref="Diff"/>), and the snapshot <see cref="CurrentClusterState"/>. Subscribe with
/// <see cref="Cluster.Subscribe"/> to an event type or to one of the marker interfaces.
/// </summary>
public static partial class ClusterEvents
{
    /// <summary>Marker of every cluster event. Events stay in their process (subscribers, event stream): never serialized.</summary>
    public interface IClusterDomainEvent : INoSerializationVerificationNeeded;

    /// <summary>A member's status changed (or it was removed).</summary>
    public interface IMemberEvent : IClusterDomainEvent
    {
        Member Member { get; }
    }

    /// <summary>A member became unreachable or reachable again.</summary>
    public interface IReachabilityEvent : IClusterDomainEvent
    {
        Member Member { get; }
    }

    public sealed record MemberJoined(Member Member) : IMemberEvent;

    public sealed record MemberWeaklyUp(Member Member) : IMemberEvent;

    public sealed record MemberUp(Member Member) : IMemberEvent;

    /// <summary>The member asked to leave (status Leaving).</summary>
    public sealed record MemberLeft(Member Member) : IMemberEvent;

    public sealed record MemberExited(Member Member) : IMemberEvent;

    public sealed record MemberDowned(Member Member) : IMemberEvent;

    /// <summary>The member is gone (its status reads Removed); <paramref name="PreviousStatus"/> says whether it left or was downed.</summary>
    public sealed record MemberRemoved(Member Member, MemberStatus PreviousStatus) : IMemberEvent;

    public sealed record UnreachableMember(Member Member) : IReachabilityEvent;

    public sealed record ReachableMember(Member Member) : IReachabilityEvent;

    /// <summary>The leader (as this node sees it) changed; null while there is none.</summary>
    public sealed record LeaderChanged(Address? Leader) : IClusterDomainEvent;

    public sealed record RoleLeaderChanged(string Role, Address? Leader) : IClusterDomainEvent;

    /// <summary>This node's cluster daemon stopped taking part (it was downed or removed, or it shut down).</summary>
    public sealed record ClusterShuttingDown : IClusterDomainEvent
    {
        public static ClusterShuttingDown Instance { get; } = new();
    }

    /// <summary>
    /// The whole state at once: sent to a new subscriber that asked for a snapshot, and the reply to
    /// <see cref="Cluster.GetStateAsync"/>. <paramref name="Unreachable"/> excludes self.
    /// </summary>
    public sealed record CurrentClusterState(
        ImmutableSortedSet<Member> Members,
        ImmutableSortedSet<Member> Unreachable,
        ImmutableSortedSet<Address> SeenBy,
        Address? Leader,
        ImmutableSortedDictionary<string, Address?> RoleLeaderMap) : INoSerializationVerificationNeeded
    {
        public static CurrentClusterState Empty { get; } = new(
            ImmutableSortedSet.Create(Member.Ordering), ImmutableSortedSet.Create(Member.Ordering),
            ImmutableSortedSet.Create<Address>(AddressOrdering.Instance), null, ImmutableSortedDictionary.Create<string, Address?>(StringComparer.Ordinal));

        public Address? RoleLeader(string role) => RoleLeaderMap.GetValueOrDefault(role);

        public ImmutableSortedSet<string> AllRoles => RoleLeaderMap.Keys.ToImmutableSortedSet(StringComparer.Ordinal);
    }

    /// <summary>How a new subscriber learns the state that already exists.</summary>
    public enum SubscriptionInitialStateMode
    {
        /// <summary>One <see cref="CurrentClusterState"/> first.</summary>
        InitialStateAsSnapshot,

        /// <summary>The events that would have led from an empty cluster to the current state.</summary>
        InitialStateAsEvents,
    }
}
