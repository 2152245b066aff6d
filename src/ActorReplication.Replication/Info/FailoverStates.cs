namespace ActorReplication.Replication.Info;

/// <summary>The values of INFO replication's <c>master_failover_state</c>, as Redis names them.</summary>
public static class FailoverStates
{
    /// <summary>No coordinated failover is under way.</summary>
    public const string None = "no-failover";

    /// <summary>Writes are paused; waiting for the target replica to acknowledge master_repl_offset.</summary>
    public const string WaitingForSync = "waiting-for-sync";

    /// <summary>The target was told to promote itself; this node becomes its replica.</summary>
    public const string InProgress = "failover-in-progress";
}
