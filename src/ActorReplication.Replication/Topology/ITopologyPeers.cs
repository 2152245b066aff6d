using Akka.Actor;

namespace ActorReplication.Replication.Topology;

/// <summary>How the topology actor reaches another member's topology actor (over remoting: an actor selection).</summary>
public interface ITopologyPeers
{
    void Send(Address member, object message, IActorRef sender);
}

/// <summary>The topology actor at <see cref="TopologyProtocol.Path"/> on the member's address.</summary>
public sealed class RemoteTopologyPeers(ActorSystem system) : ITopologyPeers
{
    public void Send(Address member, object message, IActorRef sender) =>
        system.ActorSelection(member + TopologyProtocol.Path).Tell(message, sender);
}
