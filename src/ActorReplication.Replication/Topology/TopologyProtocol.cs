using Akka.Actor;

namespace ActorReplication.Replication.Topology;

/// <summary>What the topology actors of a cluster (<c>/user/cluster-listener</c> on each node) tell each other.</summary>
public static class TopologyProtocol
{
    /// <summary>Where the topology actor lives on every node.</summary>
    public const string Path = "/user/cluster-listener";

    /// <summary>A node's replication state, broadcast to every other member on change and periodically.</summary>
    public sealed record StateUpdate(NodeTopologyState State);

    /// <summary>
    /// Cluster leader → the chosen replica of <paramref name="Group"/> (the one whose run id is
    /// <paramref name="RunId"/>): the group's master is gone; become its master under <paramref name="Epoch"/>.
    /// </summary>
    public sealed record Promote(string Group, long Epoch, string RunId, string Reason);

    /// <summary>Asks for the actor's current <see cref="TopologyView"/> (local only).</summary>
    public sealed record GetView : INoSerializationVerificationNeeded
    {
        public static readonly GetView Instance = new();
    }
}
