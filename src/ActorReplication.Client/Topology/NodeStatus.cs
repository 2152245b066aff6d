namespace ActorReplication.Client.Topology;

/// <summary>One node as it described itself in answer to a topology query.</summary>
public sealed record NodeStatus(
    string Address,
    string RespEndpoint,
    bool IsReplica,
    long Offset,
    string ReplId,
    string ReplId2,
    string? MasterEndpoint,
    bool MasterLinkUp);
