using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// The only thing the cluster daemon needs from the network: "deliver this message to the cluster daemon of the
/// node at that address". Best effort and at most once, like remoting; order per pair of nodes is nice to have,
/// not required (gossip is idempotent, heartbeats are sampled). Every message says who sent it
/// (<see cref="ClusterProtocol.IClusterMessage"/>), so no sender reference has to cross the wire.
/// The inbound direction is <see cref="Cluster.Deliver"/> (or a Tell to <see cref="Cluster.Daemon"/>).
/// In tests an in-process implementation with fault injection stands in; over TCP it is a thin adapter on
/// remoting (docs/cluster.md).
/// </summary>
public interface IClusterTransport
{
    void Send(Address recipient, ClusterProtocol.IClusterMessage message);
}
