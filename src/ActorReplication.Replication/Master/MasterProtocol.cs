using Akka.Actor;

namespace ActorReplication.Replication.Master;

/// <summary>
/// Local messages of the <see cref="MasterActor"/>. The first group are markers that reach it through the keyspace
/// (<c>KeyspaceReplication.Relay</c>), so each lands at an exact point of the replication stream.
/// </summary>
public static class MasterProtocol
{
    /// <summary>
    /// Marker: the keyspace is now a replica (chained mode). Relayed in REPLICAOF's own turn, so a REPLICAOF and a later
    /// REPLICAOF NO ONE (<see cref="Promote"/>) always reach the master actor in the commands' order.
    /// </summary>
    public sealed record Demote : INoSerializationVerificationNeeded
    {
        public static readonly Demote Instance = new();
    }

    /// <summary>Marker: a new slave actor asks for this node's history (reply <see cref="History"/>), for its first PSYNC.</summary>
    public sealed record GetHistory(IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    /// <summary>This node's replid and offset (what it would PSYNC with); <paramref name="HasHistory"/> false = ask for a full sync.</summary>
    public sealed record History(string ReplId, long Offset, bool HasHistory) : INoSerializationVerificationNeeded;

    /// <summary>Marker: the keyspace is now a master (REPLICAOF NO ONE): replid → replid2, a new replid, backlog kept.</summary>
    public sealed record Promote : INoSerializationVerificationNeeded
    {
        public static readonly Promote Instance = new();
    }

    /// <summary>Marker: this replica loaded its master's snapshot at <paramref name="Offset"/> of history <paramref name="ReplId"/>.</summary>
    public sealed record DatasetLoaded(string ReplId, long Offset) : INoSerializationVerificationNeeded;

    /// <summary>
    /// The node started from its snapshot file, taken at <paramref name="Offset"/> of <paramref name="ReplId"/>. Starting
    /// as a replica (<paramref name="AsReplica"/>), that is its history to PSYNC with; as a master it continues under a new
    /// replid with the file's as replid2, so its former replicas continue partially (Redis 7 does both).
    /// </summary>
    public sealed record RestoredFromFile(string ReplId, long Offset, bool AsReplica) : INoSerializationVerificationNeeded;

    /// <summary>Marker: this replica's master continued under a new replid (it was promoted); the old one becomes replid2.</summary>
    public sealed record ReplIdChanged(string ReplId) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Marker (WAIT): reply <see cref="WaitResult"/> to <paramref name="ReplyTo"/> once <paramref name="NumReplicas"/>
    /// replicas acknowledged the stream up to this point, or after <paramref name="Timeout"/> (zero: no timeout).
    /// </summary>
    public sealed record WaitForReplicas(int NumReplicas, TimeSpan Timeout, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    public sealed record WaitResult(int Replicas) : INoSerializationVerificationNeeded;

    /// <summary>Replies <c>Info.MasterReplicationInfo</c>.</summary>
    public sealed record GetReplicationInfo : INoSerializationVerificationNeeded
    {
        public static readonly GetReplicationInfo Instance = new();
    }

    /// <summary>Writes a snapshot to <paramref name="Path"/>; <paramref name="ReplyTo"/> gets Saved or SaveFailed (SnapshotProtocol).</summary>
    public sealed record SaveSnapshot(string Path, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    /// <summary>CONFIG SET repl-backlog-size.</summary>
    public sealed record SetBacklogSize(long Size) : INoSerializationVerificationNeeded;

    /// <summary>CONFIG SET repl-diskless-sync-delay: applies to replicas waiting now and later.</summary>
    public sealed record SetDisklessSyncDelay(TimeSpan Delay) : INoSerializationVerificationNeeded;

    /// <summary>CONFIG SET min-replicas-to-write / min-replicas-max-lag (0 replicas: writes are never refused).</summary>
    public sealed record SetMinReplicas(int ToWrite, TimeSpan MaxLag) : INoSerializationVerificationNeeded;

    /// <summary>CLIENT KILL TYPE replica|slave: closes every replica's session; each reconnects and PSYNCs.</summary>
    public sealed record KillReplicas(string Detail) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Marker (FAILOVER), relayed through the keyspace after its writes were paused, so the offset here is final: reply
    /// <see cref="FailoverTargetSynced"/> once the replica at <paramref name="Host"/>:<paramref name="Port"/> (null host:
    /// the first online replica to get there, lowest replica-priority above 0 first) has acknowledged it. Replicas are
    /// asked for acks (GETACK) until then.
    /// </summary>
    public sealed record AwaitFailoverTarget(string? Host, int Port, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    /// <summary>The failover target: its announced address, its slave actor, and where it stands (AckOffset &lt; Offset only when forced).</summary>
    public sealed record FailoverTargetSynced(string Host, int Port, IActorRef Replica, string ReplId, long Offset, long AckOffset)
        : INoSerializationVerificationNeeded;

    /// <summary>FAILOVER ... FORCE after its TIMEOUT: reply <see cref="FailoverTargetSynced"/> for the target as it is now, or <see cref="FailoverTargetLost"/>.</summary>
    public sealed record ForceFailoverTarget : INoSerializationVerificationNeeded
    {
        public static readonly ForceFailoverTarget Instance = new();
    }

    /// <summary>The failover was aborted: stop waiting for the target.</summary>
    public sealed record CancelFailoverTarget : INoSerializationVerificationNeeded
    {
        public static readonly CancelFailoverTarget Instance = new();
    }

    public sealed record FailoverTargetLost(string Reason) : INoSerializationVerificationNeeded;
}
