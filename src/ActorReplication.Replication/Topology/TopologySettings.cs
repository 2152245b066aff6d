using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// The cluster-driven topology keys of the <c>replication</c> section (<c>follow</c>, <c>initial-master</c>,
/// <c>auto-failover</c>, <c>topology-interval</c>; hocon/reference/replication.conf documents them).
/// </summary>
public sealed record TopologySettings
{
    public const string DefaultGroup = "default";

    private static readonly Lazy<Config> Reference = new(() =>
        HoconFiles.FromResource(typeof(TopologySettings).Assembly, "reference/replication.conf"));

    /// <summary>Off: the node follows <c>replicaof</c> / REPLICAOF by hand, as before.</summary>
    public static TopologySettings Off { get; } = new();

    /// <summary>The group whose master this node follows; null when <c>replication.follow</c> is empty.</summary>
    public string? Group { get; init; }

    public bool Enabled => Group is not null;

    public bool InitialMaster { get; init; }

    public bool AutoFailover { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reads the keys over the reference defaults; a bad value fails with its key path.</summary>
    public static TopologySettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(Reference.Value).Section("replication");
        var follow = c.ReadString("follow").Trim();
        string? group = follow switch
        {
            "" => null,
            "cluster" => DefaultGroup,
            _ when follow.StartsWith("role:", StringComparison.Ordinal) && follow.Length > "role:".Length => follow["role:".Length..],
            _ => throw new ConfigException($"Configuration key 'replication.follow' must be \"\", \"cluster\" or \"role:<group>\", not \"{follow}\"", "replication.follow"),
        };
        if (group is not null && c.ReadString("replicaof").Trim().Length > 0)
            throw new ConfigException("Configuration keys 'replication.follow' and 'replication.replicaof' exclude each other: the cluster decides whom a node follows", "replication.follow");
        var interval = c.ReadTimeSpan("topology-interval");
        if (interval <= TimeSpan.Zero)
            throw new ConfigException($"Configuration key 'replication.topology-interval' has value {interval}, which is out of range", "replication.topology-interval");
        return new TopologySettings
        {
            Group = group,
            InitialMaster = c.ReadBoolean("initial-master"),
            AutoFailover = c.ReadBoolean("auto-failover"),
            Interval = interval,
        };
    }
}
