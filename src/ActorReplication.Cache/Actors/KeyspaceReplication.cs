using Akka.Actor;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// Messages between the <see cref="KeyspaceActor"/> and the replication layer on the same node. They never cross the
/// wire (some carry live objects), so they are exempt from serialization checks. Everything the keyspace tells its
/// feed sink arrives in one FIFO order: a batch's effects, markers such as <see cref="SnapshotWalkStarted"/> and
/// <see cref="Relay"/>ed messages, so the sink can place each marker at an exact offset of the stream.
/// </summary>
public static class KeyspaceReplication
{
    /// <summary>
    /// Starts (or with null stops) the effect feed: after each batch that wrote something, and after each active-expiry
    /// cycle that deleted keys, the keyspace tells <paramref name="Sink"/> one <see cref="Propagate"/>. The next effect
    /// starts with SELECT.
    /// </summary>
    public sealed record AttachFeed(IActorRef? Sink) : INoSerializationVerificationNeeded;

    /// <summary>One batch's replication stream bytes (RESP commands as a replica must apply them). Never empty; immutable.</summary>
    public sealed record Propagate(byte[] Bytes) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Replica mode: apply these bytes of the master's stream (RESP commands, on a master-link session that never treats
    /// keys as expired). The bytes of every command applied go on to the feed sink unchanged, so a replica's own backlog
    /// and sub-replicas see the master's stream byte for byte. An incomplete trailing command waits for the next bytes
    /// of the same <paramref name="Link"/> (one link = one slave actor): bytes from another link start afresh and the
    /// incomplete command is dropped, since a new link resumes at the last complete command this node applied.
    /// Bytes of a link from an earlier <see cref="SetLinkGeneration"/> are dropped.
    /// </summary>
    public sealed record ApplyStream(byte[] Bytes, long Link = 0, long Generation = 0) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Tells <paramref name="Message"/> to the feed sink, in order with the stream (e.g. "the replid changed here").
    /// A relay from a replica link carries its <paramref name="Generation"/> and is dropped once that link was replaced.
    /// </summary>
    public sealed record Relay(object Message, long? Generation = null) : INoSerializationVerificationNeeded;

    /// <summary>
    /// REPLICAOF (or NO ONE) at this point of the keyspace's order: from here on only the replica link of
    /// <paramref name="Generation"/> may hand over stream bytes, datasets and history changes. An older link's slave
    /// actor is stopped only after the command's turn, so what it still sends must not reach the data or the ids.
    /// Generations only grow; a smaller one is ignored.
    /// </summary>
    public sealed record SetLinkGeneration(long Generation) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Switches the keyspace between master and replica behaviour: a replica neither expires nor evicts keys itself,
    /// does not propagate its clients' writes, and (read-only) refuses them with -READONLY; when its link is down and it
    /// must not serve stale data, keyspace commands get -MASTERDOWN. Becoming a master restarts the effect stream with
    /// a SELECT.
    /// </summary>
    public sealed record SetReplicaMode(bool IsReplica, bool ReadOnly = true, bool ServeStaleData = true) : INoSerializationVerificationNeeded;

    /// <summary>Master: whether enough good replicas are attached (min-replicas-to-write); when not, clients' writes get -NOREPLICAS.</summary>
    public sealed record SetMinReplicasSatisfied(bool Satisfied) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Pauses (or resumes) clients' writes, as Redis's CLIENT PAUSE WRITE (FAILOVER uses it): a batch stops at its first
    /// write command and waits, not refused, while reads go on; neither active nor lazy expiry deletes keys meanwhile,
    /// so the replication stream stands still. On resume the waiting batches continue in order, checked anew (on a node
    /// that became a replica meanwhile their writes get -READONLY). The master link's stream is never paused.
    /// </summary>
    public sealed record SetWritesPaused(bool Paused) : INoSerializationVerificationNeeded;

    /// <summary>CLIENT PAUSE ms WRITE: writes wait as under <see cref="SetWritesPaused"/> for <paramref name="Duration"/> (or until <see cref="UnpauseClients"/>).</summary>
    public sealed record PauseClientWrites(TimeSpan Duration) : INoSerializationVerificationNeeded;

    /// <summary>CLIENT UNPAUSE: ends CLIENT PAUSE (not a FAILOVER's pause).</summary>
    public sealed record UnpauseClients : INoSerializationVerificationNeeded
    {
        public static readonly UnpauseClients Instance = new();
    }

    /// <summary>
    /// Refuses clients' write commands with <paramref name="Error"/> (null: accepts them again), as Redis's
    /// stop-writes-on-bgsave-error (-MISCONF); the master link's stream still applies.
    /// </summary>
    public sealed record SetWriteDenial(string? Error) : INoSerializationVerificationNeeded;

    /// <summary>Replica: whether the link to the master is up (for <c>replica-serve-stale-data no</c>).</summary>
    public sealed record SetMasterLinkStatus(bool Up) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Swaps the live dataset for <paramref name="Loaded"/> (a snapshot loaded aside) in one turn, and sets the master
    /// link's selected database to <paramref name="StreamDb"/>. A snapshot walk in progress is aborted (its requester
    /// gets <see cref="SnapshotWalkAborted"/>). Replies <see cref="DatasetReplaced"/>. A dataset a replica link loaded carries
    /// its <paramref name="Generation"/> and is dropped, without a reply, once that link was replaced (null: not from
    /// a link, e.g. the node's snapshot file at start).
    /// </summary>
    public sealed record ReplaceDataset(KeyspaceEngine Loaded, int StreamDb, long? Generation = null) : INoSerializationVerificationNeeded;

    public sealed record DatasetReplaced(long Keys) : INoSerializationVerificationNeeded;

    /// <summary>How many keys the live dataset holds, in the keyspace's order; replies <see cref="KeyCount"/>.</summary>
    public sealed record CountKeys : INoSerializationVerificationNeeded
    {
        public static readonly CountKeys Instance = new();
    }

    public sealed record KeyCount(long Keys) : INoSerializationVerificationNeeded;

    /// <summary>
    /// The node replaces its ActorSystem and keeps this keyspace's engine (a downed node rejoining the cluster): the
    /// actor replies <see cref="Retired"/> and stops, so nothing touches the engine after this point of its order.
    /// </summary>
    public sealed record Retire : INoSerializationVerificationNeeded
    {
        public static readonly Retire Instance = new();
    }

    /// <summary>The master link's selected database at retirement: the next keyspace actor continues the stream in it.</summary>
    public sealed record Retired(int StreamDb) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Takes the snapshot point now and starts observing writes. The keyspace tells <see cref="SnapshotWalkStarted"/> to
    /// the feed sink (in stream order, so the sink knows the offset) or, with no sink, to the sender. Slices then run
    /// on <see cref="ContinueSnapshotWalk"/>, one per message, so the requester paces the walk.
    /// </summary>
    public sealed record BeginSnapshotWalk(SnapshotWalk Walk) : INoSerializationVerificationNeeded;

    public sealed record SnapshotWalkStarted(long WalkId, int Databases, int StreamDb, IActorRef Requester) : INoSerializationVerificationNeeded;

    /// <summary>Runs one slice; the sender gets <see cref="SnapshotWalkData"/>.</summary>
    public sealed record ContinueSnapshotWalk(long WalkId) : INoSerializationVerificationNeeded;

    /// <summary>Entry records produced by one slice (possibly empty); <paramref name="Done"/> on the last, with the key count.</summary>
    public sealed record SnapshotWalkData(long WalkId, byte[] Bytes, bool Done, long Keys) : INoSerializationVerificationNeeded;

    public sealed record AbortSnapshotWalk(long WalkId) : INoSerializationVerificationNeeded;

    /// <summary>The walk stopped before its end (aborted, replaced dataset, or a newer walk).</summary>
    public sealed record SnapshotWalkAborted(long WalkId, string Reason) : INoSerializationVerificationNeeded;
}
