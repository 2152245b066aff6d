using ActorReplication.Replication.Master;

namespace ActorReplication.Replication;

/// <summary>Typed replication decisions, published on the actor system's EventStream (and logged) as they happen.</summary>
public static class ReplicationEvents
{
    /// <summary>Master: PSYNC continued from the backlog (sync_partial_ok).</summary>
    public sealed record PartialResyncAccepted(string ReplicaId, string RequestedReplId, long RequestedOffset, string ReplId, long MasterReplOffset);

    /// <summary>Master: a full resynchronization was chosen (sync_full; sync_partial_err unless the replica asked for it).</summary>
    public sealed record FullResyncScheduled(
        string ReplicaId,
        FullSyncReason Reason,
        string Detail,
        string RequestedReplId,
        long RequestedOffset,
        string ReplId,
        string ReplId2,
        long SecondReplOffset,
        long BacklogFirstByteOffset,
        long BacklogHistLen);

    /// <summary>Master: snapshot <paramref name="SnapshotId"/> took its point at <paramref name="Offset"/>, for this many replicas (diskless: they share it).</summary>
    public sealed record SnapshotPointTaken(long SnapshotId, int Replicas, string ReplId, long Offset);

    /// <summary>Master: a snapshot finished: keys, bytes, and how many keys writes forced ahead of the walk.</summary>
    public sealed record SnapshotCompleted(long SnapshotId, bool Succeeded, string? Error, long Keys, long Bytes, long KeysWrittenAhead);

    /// <summary>Master: a replica's session was closed.</summary>
    public sealed record ReplicaDropped(string ReplicaId, ReplicaDropReason Reason, string Detail);

    /// <summary>Replica: its link to the master went down (it will reconnect after a backoff).</summary>
    public sealed record MasterLinkDown(string Reason, long SlaveReplOffset);

    /// <summary>Replica: its link reached online after a full (with the snapshot's key count) or partial resynchronization.</summary>
    public sealed record MasterLinkUp(bool FullResync, string ReplId, long Offset, long KeysLoaded);

    /// <summary>Master: FAILOVER paused writes and waits for its target (its TIMEOUT counts from here).</summary>
    public sealed record FailoverStarted(string Target, TimeSpan Timeout, bool Force);

    /// <summary>Old master: FAILOVER handed over to the replica at <paramref name="Host"/>:<paramref name="Port"/> at <paramref name="Offset"/>; this node follows it now.</summary>
    public sealed record FailoverCompleted(string Host, int Port, long Offset);

    /// <summary>Master: FAILOVER ended without a switch (timeout, refusal, ABORT); writes resumed, this node stays the master.</summary>
    public sealed record FailoverAborted(string Reason);

    /// <summary>Replica: promoted to master at its old master's request (FAILOVER).</summary>
    public sealed record PromotedByFailover(string ReplId, long Offset);

    /// <summary>Replica: a full sync from a master that restarted empty was refused (<see cref="Replica.EmptyMasterGuard"/>); the data is kept.</summary>
    public sealed record EmptyMasterRefused(string MasterHost, int MasterPort, string MasterReplId, long MasterOffset, long OfferedKeys, long LocalKeys);

    /// <summary>Replica: a snapshot from the master could not be loaded; the old data is untouched.</summary>
    public sealed record SnapshotLoadFailed(string Error);

    /// <summary>A node's replication ids changed (promotion, backlog TTL, new master history).</summary>
    public sealed record ReplicationIdChanged(string ReplId, string ReplId2, long SecondReplOffset, long MasterReplOffset, string Why);
}
