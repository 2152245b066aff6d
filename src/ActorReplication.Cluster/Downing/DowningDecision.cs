namespace ActorReplication.Cluster;

/// <summary>What the split-brain resolver tells one side of a partition to do.</summary>
public enum DowningDecision
{
    /// <summary>This side keeps running and downs the members it cannot reach.</summary>
    DownUnreachable,

    /// <summary>This side loses: it downs its own (reachable) members, itself included.</summary>
    DownReachable,

    /// <summary>No side can be trusted to survive (e.g. membership was changing during the split): down everyone.</summary>
    DownAll,
}
