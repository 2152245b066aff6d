using Akka.Actor;

namespace ActorReplication.Replication.Replica;

/// <summary>
/// Opens a link to a master before each attempt: the actor the <see cref="SlaveActor"/> talks to for that attempt. The
/// node's implementation (<see cref="WireMasterLocator"/>) connects to the master's RESP address, as REPLICAOF names it,
/// and returns a <see cref="MasterLinkActor"/> that speaks Redis's replication wire there; in-process specs return the
/// master actor itself.
/// </summary>
public interface IMasterLocator
{
    /// <summary>The actor that speaks for the master on this attempt; fails (with a message for the log and INFO) when it cannot be reached.</summary>
    Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken);
}
