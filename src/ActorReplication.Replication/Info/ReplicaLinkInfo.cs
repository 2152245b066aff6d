namespace ActorReplication.Replication.Info;

/// <summary>What a replica's slave actor reports for INFO replication and ROLE.</summary>
/// <param name="LinkState">The slave actor's phase: connect, connecting, handshake, sync (PSYNC sent, then the transfer), connected.</param>
/// <param name="MasterLastIoSecondsAgo">Seconds since anything arrived from the master (-1 when never).</param>
/// <param name="LinkDownSinceSeconds">Seconds the link has been down (-1 while up).</param>
/// <param name="SyncRefusedReason">Why the last full sync was refused (<see cref="Replica.EmptyMasterGuard"/>), until a sync succeeds; null: none.</param>
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
    long LinkDownSinceSeconds,
    string? SyncRefusedReason = null)
{
    /// <summary>
    /// ROLE's state as Redis 7 names it: PSYNC sent and not answered yet (the master holds +FULLRESYNC back during
    /// repl-diskless-sync-delay) still counts as "handshake"; "sync" starts with the snapshot transfer, together with
    /// master_sync_in_progress:1.
    /// </summary>
    public string RoleState => LinkState == "sync" && !SyncInProgress ? "handshake" : LinkState;
}
