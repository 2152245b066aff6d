namespace ActorReplication.Replication.Info;

/// <summary>What a replica's slave actor reports for INFO replication and ROLE.</summary>
/// <param name="LinkState">ROLE's state: connect, connecting, handshake, sync, connected.</param>
/// <param name="MasterLastIoSecondsAgo">Seconds since anything arrived from the master (-1 when never).</param>
/// <param name="LinkDownSinceSeconds">Seconds the link has been down (-1 while up).</param>
public sealed record ReplicaLinkInfo(
    string MasterHost,
    int MasterPort,
    string LinkState,
    bool LinkUp,
    long MasterLastIoSecondsAgo,
    bool SyncInProgress,
    long SyncReadBytes,
    long SyncLastIoSecondsAgo,
    long SlaveReadReplOffset,
    long SlaveReplOffset,
    int SlavePriority,
    bool SlaveReadOnly,
    long LinkDownSinceSeconds);
