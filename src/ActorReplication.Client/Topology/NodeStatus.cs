namespace ActorReplication.Client.Topology;

/// <summary>
/// One node as it described itself in answer to a topology query. <paramref name="Epoch"/> and <paramref name="Fenced"/>
/// come from follow-the-cluster mode (<c>replication.follow</c>): the master term it knows, and whether it is a master
/// that refuses writes (on the minority side, or deposed). <paramref name="ServesPipelining"/>: its gateway speaks
/// protocol 1.2 or later (batches, lag bounds).
/// </summary>
public sealed record NodeStatus(
    string Address,
    string RespEndpoint,
    bool IsReplica,
    long Offset,
    string ReplId,
    string ReplId2,
    string? MasterEndpoint,
    bool MasterLinkUp,
    long Epoch = 0,
    bool Fenced = false,
    bool ServesPipelining = false);
