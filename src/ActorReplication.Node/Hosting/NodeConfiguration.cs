using ActorReplication.Configuration;
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
    // Akka's own section is Akka's to check: its keys are not compared with the reference.
    private static readonly string[] OpenMaps = ["akka"];

    private static readonly Lazy<Config> ReferenceFiles = new(() =>
        HoconFiles.FromResource(typeof(NodeConfiguration).Assembly, "reference/node.conf")
            .WithFallback(ReplicationSettings.ReferenceConfig));

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

    public const string FollowNeedsCluster =
        "Configuration key 'replication.follow' needs cluster membership (akka.cluster.seed-nodes, or akka.actor.provider = cluster)";

    // Every module's settings, read as the node will read them while starting.
    private static void Validate(Config config)
    {
        _ = NodeSettings.FromConfig(config);
        _ = Membership.NodeActorSystem.ReadRemoting(config);
        Membership.NodeActorSystem.CheckAkkaKeys(config);
        _ = ReplicationSettings.FromConfig(config);
        var topology = TopologySettings.FromConfig(config);
        if (topology.Enabled && !Membership.NodeActorSystem.IsClusterMember(config))
            throw new ConfigException(FollowNeedsCluster, "replication.follow");
    }
}
