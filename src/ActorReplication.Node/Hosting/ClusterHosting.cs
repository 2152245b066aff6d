using ActorReplication.Node.Membership;
using Microsoft.Extensions.Logging;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Cluster membership on a node, on Akka.Cluster: the ActorSystem was made a cluster member by
/// <see cref="NodeActorSystem"/> when the config asks for it; this joins the seeds (Akka does that by itself) or,
/// with <c>akka.actor.provider = cluster</c> and no seeds, forms a cluster of its own.
/// </summary>
public static class ClusterHosting
{
    public static void Start(NodeRuntime node, ILogger log)
    {
        if (!NodeActorSystem.IsClusterMember(node.Config))
        {
            log.LogInformation("Cluster membership is off (set akka.cluster.seed-nodes, or akka.actor.provider = cluster)");
            return;
        }
        var cluster = AkkaCluster.Get(node.System);
        if (cluster.Settings.SeedNodes.Count == 0) cluster.Join(cluster.SelfAddress);
        log.LogInformation("Cluster membership started: {Self} (uid {Uid}), seeds [{Seeds}], roles [{Roles}], downing {Downing}",
            cluster.SelfAddress, cluster.SelfUniqueAddress.Uid, string.Join(", ", cluster.Settings.SeedNodes), string.Join(",", cluster.SelfRoles),
            cluster.Settings.DowningProviderType?.Name ?? "none");
    }

    /// <summary>
    /// <c>host:port</c> of the RESP listener as other machines should dial it: the first bound address that is not a
    /// wildcard, else (bound to 0.0.0.0 or ::) the machine's host name; the port actually bound.
    /// </summary>
    public static string RespEndpoint(NodeSettings settings, int port)
    {
        var host = settings.Bind.FirstOrDefault(b => b is not ("0.0.0.0" or "::" or "[::]")) ?? System.Net.Dns.GetHostName();
        return $"{host}:{port}";
    }
}
