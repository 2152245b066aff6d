using ActorReplication.Actors;
using ActorReplication.Cluster;
using ActorReplication.Configuration;
using ActorReplication.Remote;
using ActorReplication.Replication;
using ActorReplication.Replication.Topology;
using Akka.Configuration;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// A node's configuration, layered: the <c>--set</c> overrides (and redis-server style options), over the
/// <c>--config</c> file, over every module's reference file (hocon/reference/*.conf, embedded). Each layer's keys must
/// be keys of the reference files, and every setting is read once here, so a bad configuration stops the node before
/// anything starts, with one line that names the file (or option), the key path and what is wrong.
/// </summary>
public static class NodeConfiguration
{
    // Maps whose entries the user names (dispatchers by id): their keys are not compared with the reference.
    private static readonly string[] OpenMaps = ["actor.dispatchers"];

    private static readonly Lazy<Config> ReferenceFiles = new(() =>
        HoconFiles.FromResource(typeof(NodeConfiguration).Assembly, "reference/node.conf")
            .WithFallback(ReplicationSettings.ReferenceConfig)
            .WithFallback(ClusterSettings.Reference)
            .WithFallback(RemoteTransport.DefaultConfig)
            .WithFallback(HoconFiles.FromResource(typeof(ActorSystem).Assembly, "reference/actors.conf")));

    /// <summary>Every module's reference file, the node's first: every key a node file may set, with its default.</summary>
    public static Config Reference => ReferenceFiles.Value;

    /// <summary>
    /// Loads and checks the configuration. <paramref name="overrides"/> are <c>(source, "path=value")</c> pairs in the
    /// order given, later ones winning; the source (<c>--set a.b=1</c>, <c>--port 7000</c>) is what an error names.
    /// </summary>
    /// <exception cref="ConfigException">The message is the one line to show the user.</exception>
    public static Config Load(string? configFile, IEnumerable<(string Source, string Assignment)> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var layers = new ConfigLayers(Reference, OpenMaps);
        if (configFile is not null) layers.Push(HoconFiles.ParseFile(configFile), configFile);
        foreach (var (source, assignment) in overrides)
            layers.Push(HoconFiles.ParseAssignment(assignment, source), source);
        var config = layers.Merged();
        try
        {
            Validate(config);
        }
        catch (ConfigException ex)
        {
            throw new ConfigException(layers.Describe(ex), ex.Path);
        }

        return config;
    }

    // Every module's settings, read as the node will read them while starting.
    private static void Validate(Config config)
    {
        _ = NodeSettings.FromConfig(config);
        _ = ActorSystemSettings.FromConfig(config);
        _ = RemoteSettings.FromConfig(config);
        _ = ReplicationSettings.FromConfig(config);
        var topology = TopologySettings.FromConfig(config);
        var clusterEnabled = ClusterSettings.IsEnabled(config);
        if (clusterEnabled) _ = ClusterSettings.FromConfig(config);
        if (topology.Enabled && !clusterEnabled)
            throw new ConfigException("Configuration key 'replication.follow' needs cluster membership (cluster.seed-nodes, or cluster.enabled = on)", "replication.follow");
    }
}
