namespace ActorReplication.Replication.Topology;

/// <summary>What <see cref="TopologyRules.Decide"/> tells a node to do about its own role.</summary>
public abstract record TopologyDecision(string Reason)
{
    /// <summary>This node is the group's master and stays so.</summary>
    public sealed record StayMaster(string Reason) : TopologyDecision(Reason);

    /// <summary>Follow <paramref name="Master"/> (REPLICAOF its RESP endpoint; nothing when already following it).</summary>
    public sealed record Follow(TopologyCandidate Master, string Reason) : TopologyDecision(Reason);

    /// <summary>Start as the group's first master under <paramref name="Epoch"/>.</summary>
    public sealed record BecomeMaster(long Epoch, string Reason) : TopologyDecision(Reason);

    /// <summary>This node was a master under an epoch older than one the group has seen: stop accepting writes.</summary>
    public sealed record Deposed(string Reason) : TopologyDecision(Reason);

    /// <summary>Nothing to do now (no master to follow, or not enough known yet).</summary>
    public sealed record Wait(string Reason) : TopologyDecision(Reason);
}
