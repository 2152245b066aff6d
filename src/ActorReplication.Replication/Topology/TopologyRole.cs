namespace ActorReplication.Replication.Topology;

/// <summary>What a node claims to be in its group. Numeric values are wire values (append-only; a test pins them).</summary>
public enum TopologyRole
{
    /// <summary>Not decided yet (just started, or deposed): refuses writes, follows nobody.</summary>
    Pending = 0,
    Master = 1,
    Replica = 2,
}
