namespace ActorReplication.Replication.Topology;

/// <summary>
/// One node's replication state as it tells the other members (broadcast on change and every
/// <c>topology-interval</c>): what the rules of <see cref="TopologyRules"/> decide from.
/// <paramref name="Address"/>/<paramref name="Uid"/> name the member incarnation (cluster address and uid);
/// <paramref name="Offset"/> is <c>master_repl_offset</c> (on a replica: what it applied, under the master's
/// <paramref name="ReplId"/>); <paramref name="Epoch"/> is a master's term, or on another node the highest term it
/// knows; <paramref name="Following"/> is the RESP endpoint of the master a replica follows ("" otherwise).
/// </summary>
public sealed record NodeTopologyState(
    string Address,
    long Uid,
    string Group,
    TopologyRole Role,
    string ReplId,
    long Offset,
    long Epoch,
    int Priority,
    string RespEndpoint,
    string RunId,
    string Following,
    bool Fenced,
    bool InitialMaster,
    bool AutoFailover)
{
    public override string ToString() =>
        $"{Address} ({Role.ToString().ToLowerInvariant()}, epoch {Epoch}, offset {Offset}, priority {Priority}, resp {RespEndpoint})";
}
