using ActorReplication.Cluster;
using ActorReplication.Cluster.Remoting;
using ActorReplication.Configuration;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using ClusterNode = ActorReplication.Cluster.Cluster;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Cluster membership on a node: prepared right after remoting, started once the RESP listener is bound, when the config asks for it
/// (<c>cluster.enabled = on</c> or a non-empty <c>cluster.seed-nodes</c>), with <c>cluster.resp-endpoint</c> filled in
/// from the RESP listener when it is not given, so the other members (and INFO membership) know where its clients go.
/// The running node is <see cref="ClusterNode.TryGet"/> of the node's actor system; RESP reads its state from
/// <see cref="ClusterNode.State"/> (a snapshot, never an Ask) and changes it with Down/Leave (messages).
/// </summary>
public static class ClusterHosting
{
    /// <summary>
    /// Right after remoting starts: reads the cluster settings when membership is configured, so that a bad value
    /// stops the node before it listens (logged with the key and reason; the actor system is terminated and false
    /// returned, the node exits with 1), and registers the cluster messages' serializer so that other nodes' messages
    /// arriving before <see cref="Start"/> are not undecodable (they go to dead letters until the daemon exists).
    /// </summary>
    public static bool Prepare(NodeRuntime node, ILogger log)
    {
        ClusterMessageSerializer.Register(node.Remote.Serialization);
        try
        {
            if (ClusterSettings.IsEnabled(node.Config)) _ = ClusterSettings.FromConfig(node.Config);
            return true;
        }
        catch (ConfigException ex)
        {
            log.LogCritical("Bad cluster configuration: {Error}", ex.Message);
            node.System.Terminate().Wait(TimeSpan.FromSeconds(5));
            return false;
        }
    }

    /// <summary>Once the RESP listener is bound: starts membership when configured (validated by <see cref="Prepare"/>).</summary>
    public static void Start(NodeRuntime node, ILogger log)
    {
        if (!ClusterSettings.IsEnabled(node.Config))
        {
            log.LogInformation("Cluster membership is off (set cluster.seed-nodes, or cluster.enabled = on)");
            return;
        }
        var settings = ClusterSettings.FromConfig(node.Config);
        if (settings.RespEndpoint.Length == 0) settings = settings with { RespEndpoint = RespEndpoint(node) };
        var cluster = ClusterNode.Start(node.System, settings);
        log.LogInformation(
            "Cluster membership started: {Self} (uid {Uid}), seeds [{Seeds}], roles [{Roles}], resp {Resp}, downing {Downing}",
            cluster.SelfAddress, cluster.SelfUniqueAddress.Uid, string.Join(", ", settings.SeedNodes), string.Join(",", settings.Roles),
            settings.RespEndpoint, settings.DowningProvider == DowningProvider.KeepMajority ? "keep-majority" : "off");
    }

    /// <summary>
    /// <c>host:port</c> of the RESP listener as other machines should dial it: the first bound address that is not a
    /// wildcard, else (bound to 0.0.0.0 or ::) remoting's public host name; the port actually bound.
    /// </summary>
    public static string RespEndpoint(NodeRuntime node)
    {
        var host = node.Settings.Bind.FirstOrDefault(b => b is not ("0.0.0.0" or "::" or "[::]")) ?? node.Remote.Address.Host!;
        return $"{host}:{node.Port}";
    }
}
