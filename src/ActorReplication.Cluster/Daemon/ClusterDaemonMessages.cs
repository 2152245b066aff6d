using System.Collections.Immutable;
using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>Messages the local API and the daemon's own timers send to the daemon; they never leave the process.</summary>
internal static class ClusterDaemonMessages
{
    public sealed record JoinSeedNodes(ImmutableArray<Address> Seeds) : INoSerializationVerificationNeeded;

    public sealed record JoinTo(Address Contact) : INoSerializationVerificationNeeded;

    public sealed record Leave(Address Address) : INoSerializationVerificationNeeded;

    public sealed record Down(Address Address) : INoSerializationVerificationNeeded;

    public sealed record Subscribe(IActorRef Subscriber, ClusterEvents.SubscriptionInitialStateMode Mode, ImmutableArray<Type> To) : INoSerializationVerificationNeeded;

    public sealed record Unsubscribe(IActorRef Subscriber, Type? To) : INoSerializationVerificationNeeded;

    public sealed record GetClusterState : INoSerializationVerificationNeeded
    {
        public static GetClusterState Instance { get; } = new();
    }

    /// <summary>For tests and diagnostics: the daemon's whole view.</summary>
    public sealed record GetInternalState : INoSerializationVerificationNeeded
    {
        public static GetInternalState Instance { get; } = new();
    }

    public sealed record InternalState(UniqueAddress Self, Gossip Gossip, bool Converged, string Phase) : INoSerializationVerificationNeeded
    {
        public Member? SelfMember => Gossip.TryGetMember(Self, out var m) ? m : null;
    }

    /// <summary>Daemon → its publisher: the gossip changed.</summary>
    public sealed record PublishChanges(Gossip Gossip) : INoSerializationVerificationNeeded;

    public sealed record PublishEvent(object Event) : INoSerializationVerificationNeeded;

    public sealed record ExpectedFirstHeartbeat(UniqueAddress Node) : INoSerializationVerificationNeeded;

    public sealed class Tick : INoSerializationVerificationNeeded
    {
        private readonly string _name;

        private Tick(string name) => _name = name;

        public static Tick Gossip { get; } = new("gossip");
        public static Tick GossipSpeedup { get; } = new("gossip-speedup");
        public static Tick Heartbeat { get; } = new("heartbeat");
        public static Tick Reap { get; } = new("reap");
        public static Tick Leader { get; } = new("leader");
        public static Tick Join { get; } = new("join");

        public override string ToString() => _name + "-tick";
    }
}
