namespace ActorReplication.Client.Topology;

/// <summary>Who is master and which replicas follow it, as the client last saw it.</summary>
public sealed record ClusterTopology(NodeStatus? Master, IReadOnlyList<NodeStatus> Replicas, IReadOnlyList<NodeStatus> Nodes)
{
    public static ClusterTopology Empty { get; } = new(null, [], []);
}
