using ActorReplication.Actors;
using ActorReplication.Remote;
using static ActorReplication.Cluster.ClusterEvents;

namespace ActorReplication.Cluster.Remoting;

/// <summary>
/// Tells remoting never to talk to a downed incarnation again once the cluster removed it (Akka's
/// ClusterRemoteWatcher): its queued messages are dropped, its handshakes refused, and if it is still alive (the
/// minority side of a partition) it learns that it was quarantined and must restart to rejoin. An incarnation
/// replaced by a restart is covered too (it is downed, then removed). Members that left gracefully (removed
/// from Exiting) are not quarantined: they know they are out, and quarantine would only make their logs shout.
/// </summary>
internal sealed class ClusterRemoteQuarantine : ReceiveActor
{
    public ClusterRemoteQuarantine(RemoteTransport remote, UniqueAddress self)
    {
        Receive<MemberRemoved>(m =>
        {
            var node = m.Member.UniqueAddress;
            if (node.Equals(self) || m.PreviousStatus != MemberStatus.Down) return;
            if (!remote.IsQuarantined(node.Address, node.Uid))
                remote.Quarantine(node.Address, node.Uid, $"removed from the cluster after being downed (by {self.Address})");
        });
        Receive<CurrentClusterState>(_ => { });
    }

    public static Props Props(RemoteTransport remote, UniqueAddress self) =>
        Actors.Props.Create(() => new ClusterRemoteQuarantine(remote, self));
}
