namespace ActorReplication.Replication.Master;

/// <summary>Why a master closed a replica's session. Wire value append-only.</summary>
public enum ReplicaDropReason
{
    /// <summary>client-output-buffer-limit replica: over the hard limit.</summary>
    OutputBufferHardLimit = 1,

    /// <summary>client-output-buffer-limit replica: over the soft limit for soft-seconds.</summary>
    OutputBufferSoftLimit = 2,

    /// <summary>No ACK (or, during a transfer, no credit) from the replica for repl-timeout.</summary>
    Timeout = 3,

    /// <summary>The snapshot the replica was waiting for failed.</summary>
    SnapshotFailed = 4,

    /// <summary>The same replica opened a new session.</summary>
    Reconnected = 5,

    /// <summary>This node's history changed (promotion, new replid, full sync with its own master): reconnect and resync.</summary>
    HistoryChanged = 6,

    /// <summary>The replica closed the link or stopped.</summary>
    ReplicaGone = 7,

    /// <summary>The backlog no longer held the range a partial resync needed.</summary>
    BacklogUnavailable = 8,

    /// <summary>CLIENT KILL TYPE replica|slave on the master.</summary>
    Killed = 9,
}
