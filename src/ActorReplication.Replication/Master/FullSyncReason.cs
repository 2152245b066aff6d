namespace ActorReplication.Replication.Master;

/// <summary>Why a PSYNC could not continue and a full resynchronization was chosen. Logged, counted, published; wire value append-only.</summary>
public enum FullSyncReason
{
    /// <summary>The replica asked for it: PSYNC ? -1 (a new replica, or one that lost its data).</summary>
    FullRequested = 1,

    /// <summary>The replica's replid is neither this master's replid nor its replid2.</summary>
    ReplIdMismatch = 2,

    /// <summary>The replica's replid is this master's replid2, but it asks for bytes past the point where the ids switched.</summary>
    SecondIdOffsetExceeded = 3,

    /// <summary>This master has no backlog (no replica yet, or freed after repl-backlog-ttl).</summary>
    NoBacklog = 4,

    /// <summary>The backlog does not hold the requested offset any more, or the offset is in the future ("lack of backlog").</summary>
    BacklogMiss = 5,
}
