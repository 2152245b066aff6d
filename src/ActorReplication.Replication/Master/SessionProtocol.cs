using Akka.Actor;
namespace ActorReplication.Replication.Master;

/// <summary>Between a master actor and its replica sessions.</summary>
internal static class SessionProtocol
{
    /// <summary>The snapshot this (waiting) session's replica gets is consistent at <paramref name="Offset"/>.</summary>
    public sealed record SnapshotPoint(long SnapshotId, string ReplId, long Offset) : INoSerializationVerificationNeeded;

    public sealed record Disconnect(ReplicaDropReason Reason, string Detail) : INoSerializationVerificationNeeded;

    /// <summary>Session → master: its phase and the replica's acknowledged offset, for INFO, WAIT and min-replicas.</summary>
    public sealed record Status(ReplicaSessionState State, long AckOffset, long LastAckMs) : INoSerializationVerificationNeeded;

    public sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }
}
