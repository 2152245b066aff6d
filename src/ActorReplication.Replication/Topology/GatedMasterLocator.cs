using Akka.Actor;
using ActorReplication.Replication.Replica;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// In follow-the-cluster mode a replica attaches only to the member the topology names as its group's master: any
/// other endpoint (a removed master, a restarted one that is not master again) is refused before the link is tried,
/// so the link stays down ("detached") until the topology points it at the next master.
/// </summary>
public sealed class GatedMasterLocator(IMasterLocator inner, TopologyBoard board) : IMasterLocator
{
    public Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
    {
        var view = board.Current;
        if (view.Master is not { } master || MasterEndpoint.TryParse(master.RespEndpoint) is not { } current
            || !string.Equals(current.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase) || current.Port != endpoint.Port)
        {
            var who = view.Master is null ? "none" : view.Master.RespEndpoint;
            return Task.FromException<IActorRef>(new IOException(
                $"{endpoint} is not the master of group {view.Group} by cluster membership (its master: {who})"));
        }
        return inner.LocateAsync(endpoint, cancellationToken);
    }
}
