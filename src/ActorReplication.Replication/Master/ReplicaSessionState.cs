namespace ActorReplication.Replication.Master;

/// <summary>A replica session's phase, named after Redis's replica states (INFO shows wait_bgsave, send_bulk, online).</summary>
public enum ReplicaSessionState
{
    /// <summary>Partial resync accepted: waiting for the backlog's bytes.</summary>
    WaitBacklog,

    /// <summary>Full sync: waiting for the snapshot to start (diskless delay, or another snapshot running).</summary>
    WaitSnapshotStart,

    /// <summary>Full sync: the snapshot is being produced and streamed; the stream after its point queues.</summary>
    WaitSnapshotEnd,

    /// <summary>Full sync: the snapshot is produced; the rest of it is being sent.</summary>
    SendBulk,

    /// <summary>The replica gets the stream as it happens.</summary>
    Online,
}
