using ActorReplication.Actors;
using ActorReplication.Cache.Actors;
using ActorReplication.Cluster;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Topology;
using Microsoft.Extensions.Logging;
using ClusterNode = ActorReplication.Cluster.Cluster;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Follow-the-cluster mode on a node (<c>replication.follow</c>): once membership has started, creates the topology
/// actor (<c>/user/cluster-listener</c>), which decides from membership whom this node follows, and acts through the
/// same operations as REPLICAOF (<see cref="ReplicationHosting"/>), so the PSYNC machinery is unchanged.
/// </summary>
public static class TopologyHosting
{
    public static void Start(NodeRuntime node, ILogger log)
    {
        if (node.Replication is not { Topology.Enabled: true } replication) return;
        var cluster = ClusterNode.TryGet(node.System) ?? throw new InvalidOperationException("replication.follow needs cluster membership");
        var settings = replication.Topology;
        var actor = node.System.ActorOf(TopologyActor.Props(settings, cluster.SelfUniqueAddress, node.RunId, replication.Settings.ReplicaPriority,
            cluster.Settings.RespEndpoint.Length > 0 ? cluster.Settings.RespEndpoint : ClusterHosting.RespEndpoint(node),
            replication.Board, replication.TopologyBoard!, new HostReplicationControl(replication, node.Keyspace),
            new RemoteTopologyPeers(node.System),
            self => cluster.Subscribe(self, ClusterEvents.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvents.IClusterDomainEvent))),
            "cluster-listener");
        log.LogInformation("Topology: following the master of group {Group} as the cluster decides (initial-master {Initial}, auto-failover {Auto}) at {Path}",
            settings.Group, settings.InitialMaster ? "on" : "off", settings.AutoFailover ? "on" : "off", actor.Path);
    }

    /// <summary>The topology actor's operations as the REPLICAOF command performs them.</summary>
    private sealed class HostReplicationControl(ReplicationHosting replication, IActorRef keyspace) : IReplicationControl
    {
        public void Follow(MasterEndpoint master) => replication.ReplicaOf(master);

        public void BecomeMaster()
        {
            replication.ReplicaOfNoOne();
            keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false));
        }

        public void Fence(string reason)
        {
            if (replication.Master is null) keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, true, true));
        }
    }
}
