namespace ActorReplication.Cluster;

/// <summary>What one observer thinks of one subject. Values travel in gossip: append-only.</summary>
public enum ReachabilityStatus
{
    Reachable = 0,
    /// <summary>The observer's failure detector gave up on the subject; it may come back.</summary>
    Unreachable = 1,
    /// <summary>The subject is known to be gone for good (e.g. replaced by a new incarnation); final.</summary>
    Terminated = 2,
}
