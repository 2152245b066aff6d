using Akka.Actor;
namespace ActorReplication.Replication.Replica;

/// <summary>Local messages of the <see cref="SlaveActor"/>.</summary>
public static class SlaveProtocol
{
    /// <summary>REPLICAOF NO ONE: stop following, turn the keyspace into a master; replies <see cref="Promoted"/>, then the actor stops.</summary>
    public sealed record ReplicaOfNoOne : INoSerializationVerificationNeeded
    {
        public static readonly ReplicaOfNoOne Instance = new();
    }

    public sealed record Promoted : INoSerializationVerificationNeeded
    {
        public static readonly Promoted Instance = new();
    }

    /// <summary>CLIENT KILL TYPE master: drop the link now (the replica reconnects and PSYNCs as after any lost link).</summary>
    public sealed record DropLink(string Reason) : INoSerializationVerificationNeeded;

    /// <summary>Replies <c>Info.ReplicaLinkInfo</c>.</summary>
    public sealed record GetLinkInfo : INoSerializationVerificationNeeded
    {
        public static readonly GetLinkInfo Instance = new();
    }
}
