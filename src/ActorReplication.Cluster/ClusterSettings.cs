using System.Collections.Immutable;
using ActorReplication.Actors;
using ActorReplication.Hocon;

namespace ActorReplication.Cluster;

/// <summary>The <c>cluster</c> section of the config, read once at start. Keys are documented in hocon/reference/cluster.conf.</summary>
public sealed record ClusterSettings(
    ImmutableArray<Address> SeedNodes,
    TimeSpan SeedNodeTimeout,
    TimeSpan RetryUnsuccessfulJoinAfter,
    ImmutableSortedSet<string> Roles,
    string RespEndpoint,
    int MinNrOfMembers,
    TimeSpan GossipInterval,
    TimeSpan LeaderActionsInterval,
    TimeSpan UnreachableNodesReaperInterval,
    TimeSpan PeriodicTasksInitialDelay,
    TimeSpan PruneGossipTombstonesAfter,
    DowningProvider DowningProvider,
    TimeSpan StableAfter,
    string? KeepMajorityRole,
    FailureDetectorSettings FailureDetector)
{
    private static readonly Lazy<Config> ReferenceConfig = new(() =>
        Config.FromResource(typeof(ClusterSettings).Assembly, "reference/cluster.conf"));

    /// <summary>The reference defaults (hocon/reference/cluster.conf), for fallbacks.</summary>
    public static Config Reference => ReferenceConfig.Value;

    /// <summary>
    /// True when a node host should start the cluster: <c>cluster.enabled = on</c> or a non-empty
    /// <c>cluster.seed-nodes</c> in <paramref name="config"/> (over the reference defaults).
    /// </summary>
    public static bool IsEnabled(Config config)
    {
        var full = config.WithFallback(ReferenceConfig.Value);
        return full.GetBoolean("cluster.enabled") || full.GetStringList("cluster.seed-nodes").Count > 0;
    }

    /// <summary>Reads <c>cluster</c> from <paramref name="config"/> over the reference defaults.</summary>
    public static ClusterSettings FromConfig(Config config)
    {
        var full = config.WithFallback(ReferenceConfig.Value);
        var c = full.GetConfig("cluster");
        var fd = c.GetConfig("failure-detector");
        var sbr = c.GetConfig("split-brain-resolver");
        var role = sbr.GetString("keep-majority-role");
        return new ClusterSettings(
            SeedNodes: [.. c.GetStringList("seed-nodes").Select((s, i) => ParseSeed(full, s, i))],
            SeedNodeTimeout: Positive(c.GetTimeSpan("seed-node-timeout"), full, "cluster.seed-node-timeout"),
            RetryUnsuccessfulJoinAfter: Positive(c.GetTimeSpan("retry-unsuccessful-join-after"), full, "cluster.retry-unsuccessful-join-after"),
            Roles: ImmutableSortedSet.CreateRange(StringComparer.Ordinal, c.GetStringList("roles")),
            RespEndpoint: ParseEndpoint(full, c.GetString("resp-endpoint")),
            MinNrOfMembers: Positive(c.GetInt("min-nr-of-members"), full, "cluster.min-nr-of-members"),
            GossipInterval: Positive(c.GetTimeSpan("gossip-interval"), full, "cluster.gossip-interval"),
            LeaderActionsInterval: Positive(c.GetTimeSpan("leader-actions-interval"), full, "cluster.leader-actions-interval"),
            UnreachableNodesReaperInterval: Positive(c.GetTimeSpan("unreachable-nodes-reaper-interval"), full, "cluster.unreachable-nodes-reaper-interval"),
            PeriodicTasksInitialDelay: NotNegative(c.GetTimeSpan("periodic-tasks-initial-delay"), full, "cluster.periodic-tasks-initial-delay"),
            PruneGossipTombstonesAfter: Positive(c.GetTimeSpan("prune-gossip-tombstones-after"), full, "cluster.prune-gossip-tombstones-after"),
            DowningProvider: ParseDowning(full, c.GetString("downing-provider")),
            StableAfter: Positive(sbr.GetTimeSpan("stable-after"), full, "cluster.split-brain-resolver.stable-after"),
            KeepMajorityRole: role.Length == 0 ? null : role,
            FailureDetector: new FailureDetectorSettings(
                HeartbeatInterval: Positive(fd.GetTimeSpan("heartbeat-interval"), full, "cluster.failure-detector.heartbeat-interval"),
                Threshold: Positive(fd.GetDouble("threshold"), full, "cluster.failure-detector.threshold"),
                MaxSampleSize: Positive(fd.GetInt("max-sample-size"), full, "cluster.failure-detector.max-sample-size"),
                MinStdDeviation: Positive(fd.GetTimeSpan("min-std-deviation"), full, "cluster.failure-detector.min-std-deviation"),
                AcceptableHeartbeatPause: NotNegative(fd.GetTimeSpan("acceptable-heartbeat-pause"), full, "cluster.failure-detector.acceptable-heartbeat-pause"),
                FirstHeartbeatEstimate: Positive(fd.GetTimeSpan("first-heartbeat-estimate"), full, "cluster.failure-detector.first-heartbeat-estimate"),
                MonitoredByNrOfMembers: Positive(fd.GetInt("monitored-by-nr-of-members"), full, "cluster.failure-detector.monitored-by-nr-of-members"),
                ExpectedResponseAfter: Positive(fd.GetTimeSpan("expected-response-after"), full, "cluster.failure-detector.expected-response-after")));
    }

    private static Address ParseSeed(Config full, string text, int index)
    {
        if (Address.TryParse(text, out var address) && address.Host is not null)
            return address;
        throw new ConfigException(
            $"Configuration key 'cluster.seed-nodes' ({full.GetOrigin("cluster.seed-nodes")}): element {index} \"{text}\" is not a node address (expected proto://system@host:port, e.g. ar.tcp://sys@10.0.0.1:2552)",
            "cluster.seed-nodes");
    }

    private static string ParseEndpoint(Config full, string text)
    {
        if (text.Length == 0) return text;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535) return text;
        throw new ConfigException(
            $"Configuration key 'cluster.resp-endpoint' ({full.GetOrigin("cluster.resp-endpoint")}) has value \"{text}\", which is not host:port",
            "cluster.resp-endpoint");
    }

    private static DowningProvider ParseDowning(Config full, string text) => text.ToLowerInvariant() switch
    {
        "off" or "" => DowningProvider.Off,
        "keep-majority" => DowningProvider.KeepMajority,
        _ => throw new ConfigException(
            $"Configuration key 'cluster.downing-provider' ({full.GetOrigin("cluster.downing-provider")}) has value \"{text}\", which is not a downing provider (off, keep-majority)",
            "cluster.downing-provider"),
    };

    private static TimeSpan Positive(TimeSpan value, Config full, string path) =>
        value > TimeSpan.Zero ? value : throw Invalid(full, path, value, "positive");

    private static TimeSpan NotNegative(TimeSpan value, Config full, string path) =>
        value >= TimeSpan.Zero ? value : throw Invalid(full, path, value, "zero or more");

    private static int Positive(int value, Config full, string path) =>
        value > 0 ? value : throw Invalid(full, path, value, "positive");

    private static double Positive(double value, Config full, string path) =>
        value > 0 ? value : throw Invalid(full, path, value, "positive");

    private static ConfigException Invalid(Config full, string path, object value, string what) =>
        new($"Configuration key '{path}' ({full.GetOrigin(path)}) must be {what}, not {value}", path);
}
