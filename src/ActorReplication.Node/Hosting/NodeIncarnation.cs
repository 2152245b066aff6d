using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Node.ClientGateway;
using ActorReplication.Node.Membership;
using ActorReplication.Node.Server;
using ActorReplication.Replication.Master;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// The part of a node that lives in its ActorSystem: the keyspace actor (over the node's engine, which outlives it),
/// replication, cluster membership, the topology and the client gateway. A member the cluster downed (or another node
/// quarantined) can only come back as a new incarnation, so <see cref="RejoinAsync"/> replaces all of it with a new
/// ActorSystem that keeps the data and the replication history, and rejoins the cluster without a process restart.
/// </summary>
public static class NodeIncarnation
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static int _rejoining;

    /// <summary>Creates the ActorSystem and the keyspace actor; returns the keyspace actor (the caller opens the door to it).</summary>
    public static IActorRef StartSystem(NodeRuntime node, bool rejoining, int streamDb = 0)
    {
        node.System = NodeActorSystem.Create(node.Config, ClusterHosting.RespEndpoint(node.Settings, node.Port), node.LoggerFactory, rejoining);
        return node.System.ActorOf(KeyspaceActor.Props(node.Engine, new ServerCommands(node), node.Stats, node.Settings.RequirePass.Length > 0, streamDb), "keyspace");
    }

    /// <summary>Once replication runs: membership, the topology, the client gateway, and the watch that triggers a rejoin.</summary>
    public static void StartMembership(NodeRuntime node, WebApplication app, ILogger log)
    {
        ClusterHosting.Start(node, log);
        TopologyHosting.Start(node, log);
        ClientGatewayHosting.Start(node, log);
        if (NodeActorSystem.IsClusterMember(node.Config))
            node.System.ActorOf(IncarnationWatch.Props(reason => _ = RejoinAsync(node, app, log, reason)), "incarnation-watch");
    }

    /// <summary>
    /// Replaces the ActorSystem: takes the replication history at a point of the keyspace's order after which nothing
    /// changes the data, retires the keyspace actor, terminates the system, and starts a new one over the same engine
    /// that continues that history (a partial resync where the master still has the backlog) and joins the cluster
    /// anew. Clients keep their connections; their commands wait meanwhile.
    /// </summary>
    public static async Task RejoinAsync(NodeRuntime node, WebApplication app, ILogger log, string reason)
    {
        if (node.ShuttingDown || Interlocked.Exchange(ref _rejoining, 1) != 0) return;
        try
        {
            log.LogWarning("This node's cluster incarnation ended ({Reason}): starting a new ActorSystem to rejoin; the data stays", reason);
            var replication = node.Replication;
            var topology = replication?.Topology.Enabled ?? false;
            var followed = topology ? null : replication?.Master;
            var keyspace = node.Keyspace;
            node.KeyspaceDoor.Shut();
            // From here on in the keyspace's order nothing changes the data: no link's bytes, no client's or expiry's write.
            keyspace.Tell(new KeyspaceReplication.SetLinkGeneration(long.MaxValue), ActorRefs.NoSender);
            keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, true, true), ActorRefs.NoSender);
            var history = await CaptureHistoryAsync(keyspace, log).ConfigureAwait(false);
            var retired = await keyspace.Ask<KeyspaceReplication.Retired>(KeyspaceReplication.Retire.Instance, StepTimeout).ConfigureAwait(false);
            await node.System.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

            node.Replication = null;
            node.RestoredHistory = history is null ? null : new SnapshotHeader(history.ReplId, history.Offset, node.Engine.DatabaseCount, retired.StreamDb);
            node.FollowAtStart = followed;
            var fresh = StartSystem(node, rejoining: true, retired.StreamDb);
            if (!topology && followed is null) fresh.Tell(new KeyspaceReplication.SetReplicaMode(false), ActorRefs.NoSender);
            node.KeyspaceDoor.Open(fresh);
            if (!ReplicationHosting.TryStart(node, app, log)) return;
            StartMembership(node, app, log);
            log.LogWarning("Rejoining the cluster as {Address} with replication history {ReplId}:{Offset} ({Keys} keys kept)",
                node.RemoteAddress, history?.ReplId ?? "(none)", history?.Offset ?? 0, node.Engine.TotalKeys);
        }
        catch (Exception ex)
        {
            log.LogCritical("Could not replace the ActorSystem to rejoin the cluster, stopping the node: {Error}", ex.GetBaseException().Message);
            node.RequestShutdown();
        }
        finally
        {
            Volatile.Write(ref _rejoining, 0);
        }
    }

    // The master actor's replid and offset, relayed through the keyspace so they match its data exactly; null when it
    // has no history to continue (the new incarnation then starts one, as after a restart without a file).
    private static async Task<MasterProtocol.History?> CaptureHistoryAsync(IActorRef keyspace, ILogger log)
    {
        try
        {
            var history = await keyspace.Ask<MasterProtocol.History>(
                (IActorRef replyTo) => new KeyspaceReplication.Relay(new MasterProtocol.GetHistory(replyTo)), StepTimeout, CancellationToken.None).ConfigureAwait(false);
            return history.HasHistory ? history : null;
        }
        catch (AskTimeoutException)
        {
            log.LogWarning("The replication history did not arrive within {Timeout}: the new incarnation starts a new one", StepTimeout);
            return null;
        }
    }
}
