using Akka.Cluster;

namespace ActorReplication.Replication.Topology;

/// <summary>A member of a group as the rules see it: its replication state and its cluster membership (age, status).</summary>
public sealed record TopologyCandidate(NodeTopologyState State, ClusterMember Member)
{
    public override string ToString() => State.ToString();
}
