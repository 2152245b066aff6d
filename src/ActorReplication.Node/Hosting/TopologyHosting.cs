using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Topology;
using Microsoft.Extensions.Logging;
using AkkaCluster = Akka.Cluster.Cluster;

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
        var cluster = AkkaCluster.Get(node.System);
        var settings = replication.Topology;
        var actor = node.System.ActorOf(TopologyActor.Props(settings, cluster.SelfUniqueAddress, node.RunId, replication.Settings.ReplicaPriority,
            ClusterHosting.RespEndpoint(node.Settings, node.Port),
            replication.Board, replication.TopologyBoard!, new HostReplicationControl(replication, node.Keyspace),
            new RemoteTopologyPeers(node.System),
            self => node.System.ActorOf(ClusterMembershipFeed.Props(self), "cluster-membership-feed")),
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
