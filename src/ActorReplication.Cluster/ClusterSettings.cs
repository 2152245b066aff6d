using System.Collections.Immutable;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using Akka.Configuration;

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
        HoconFiles.FromResource(typeof(ClusterSettings).Assembly, "reference/cluster.conf"));

    /// <summary>The reference defaults (hocon/reference/cluster.conf), for fallbacks.</summary>
    public static Config Reference => ReferenceConfig.Value;

    /// <summary>
    /// True when a node host should start the cluster: <c>cluster.enabled = on</c> or a non-empty
    /// <c>cluster.seed-nodes</c> in <paramref name="config"/> (over the reference defaults).
    /// </summary>
    public static bool IsEnabled(Config config)
    {
        var full = config.WithFallback(ReferenceConfig.Value);
        var cluster = full.Section("cluster");
        return cluster.ReadBoolean("enabled") || cluster.ReadStringList("seed-nodes").Count > 0;
    }

    /// <summary>Reads <c>cluster</c> from <paramref name="config"/> over the reference defaults.</summary>
    public static ClusterSettings FromConfig(Config config)
    {
        var full = config.WithFallback(ReferenceConfig.Value);
        var c = full.Section("cluster");
        var fd = c.Section("failure-detector");
        var sbr = c.Section("split-brain-resolver");
        var role = sbr.ReadString("keep-majority-role");
        return new ClusterSettings(
            SeedNodes: [.. c.ReadStringList("seed-nodes").Select((s, i) => ParseSeed(s, i))],
            SeedNodeTimeout: Positive(c.ReadTimeSpan("seed-node-timeout"), "cluster.seed-node-timeout"),
            RetryUnsuccessfulJoinAfter: Positive(c.ReadTimeSpan("retry-unsuccessful-join-after"), "cluster.retry-unsuccessful-join-after"),
            Roles: ImmutableSortedSet.CreateRange(StringComparer.Ordinal, c.ReadStringList("roles")),
            RespEndpoint: ParseEndpoint(c.ReadString("resp-endpoint")),
            MinNrOfMembers: Positive(c.ReadInt("min-nr-of-members"), "cluster.min-nr-of-members"),
            GossipInterval: Positive(c.ReadTimeSpan("gossip-interval"), "cluster.gossip-interval"),
            LeaderActionsInterval: Positive(c.ReadTimeSpan("leader-actions-interval"), "cluster.leader-actions-interval"),
            UnreachableNodesReaperInterval: Positive(c.ReadTimeSpan("unreachable-nodes-reaper-interval"), "cluster.unreachable-nodes-reaper-interval"),
            PeriodicTasksInitialDelay: NotNegative(c.ReadTimeSpan("periodic-tasks-initial-delay"), "cluster.periodic-tasks-initial-delay"),
            PruneGossipTombstonesAfter: Positive(c.ReadTimeSpan("prune-gossip-tombstones-after"), "cluster.prune-gossip-tombstones-after"),
            DowningProvider: ParseDowning(c.ReadString("downing-provider")),
            StableAfter: Positive(sbr.ReadTimeSpan("stable-after"), "cluster.split-brain-resolver.stable-after"),
            KeepMajorityRole: role.Length == 0 ? null : role,
            FailureDetector: new FailureDetectorSettings(
                HeartbeatInterval: Positive(fd.ReadTimeSpan("heartbeat-interval"), "cluster.failure-detector.heartbeat-interval"),
                Threshold: Positive(fd.ReadDouble("threshold"), "cluster.failure-detector.threshold"),
                MaxSampleSize: Positive(fd.ReadInt("max-sample-size"), "cluster.failure-detector.max-sample-size"),
                MinStdDeviation: Positive(fd.ReadTimeSpan("min-std-deviation"), "cluster.failure-detector.min-std-deviation"),
                AcceptableHeartbeatPause: NotNegative(fd.ReadTimeSpan("acceptable-heartbeat-pause"), "cluster.failure-detector.acceptable-heartbeat-pause"),
                FirstHeartbeatEstimate: Positive(fd.ReadTimeSpan("first-heartbeat-estimate"), "cluster.failure-detector.first-heartbeat-estimate"),
                MonitoredByNrOfMembers: Positive(fd.ReadInt("monitored-by-nr-of-members"), "cluster.failure-detector.monitored-by-nr-of-members"),
                ExpectedResponseAfter: Positive(fd.ReadTimeSpan("expected-response-after"), "cluster.failure-detector.expected-response-after")));
    }

    private static Address ParseSeed(string text, int index)
    {
        if (Address.TryParse(text, out var address) && address.Host is not null)
            return address;
        throw new ConfigException(
            $"Configuration key 'cluster.seed-nodes': element {index} \"{text}\" is not a node address (expected proto://system@host:port, e.g. ar.tcp://sys@10.0.0.1:2552)",
            "cluster.seed-nodes");
    }

    private static string ParseEndpoint(string text)
    {
        if (text.Length == 0) return text;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535) return text;
        throw new ConfigException(
            $"Configuration key 'cluster.resp-endpoint' has value \"{text}\", which is not host:port",
            "cluster.resp-endpoint");
    }

    private static DowningProvider ParseDowning(string text) => text.ToLowerInvariant() switch
    {
        "off" or "" => DowningProvider.Off,
        "keep-majority" => DowningProvider.KeepMajority,
        _ => throw new ConfigException(
            $"Configuration key 'cluster.downing-provider' has value \"{text}\", which is not a downing provider (off, keep-majority)",
            "cluster.downing-provider"),
    };

    private static TimeSpan Positive(TimeSpan value, string path) =>
        value > TimeSpan.Zero ? value : throw Invalid(path, value, "positive");

    private static TimeSpan NotNegative(TimeSpan value, string path) =>
        value >= TimeSpan.Zero ? value : throw Invalid(path, value, "zero or more");

    private static int Positive(int value, string path) =>
        value > 0 ? value : throw Invalid(path, value, "positive");

    private static double Positive(double value, string path) =>
        value > 0 ? value : throw Invalid(path, value, "positive");

    private static ConfigException Invalid(string path, object value, string what) =>
        new($"Configuration key '{path}' must be {what}, not {value}", path);
}
