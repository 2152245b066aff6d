using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Replication;

/// <summary>
/// The <c>replication</c> section (hocon/reference/replication.conf documents every key), read once at start. Tests
/// build it with <c>with { ... }</c> from <see cref="Default"/>.
/// </summary>
public sealed record ReplicationSettings
{
    private static readonly Lazy<Config> Reference = new(() =>
        HoconFiles.FromResource(typeof(ReplicationSettings).Assembly, "reference/replication.conf"));

    /// <summary>hocon/reference/replication.conf: every key with its default.</summary>
    public static Config ReferenceConfig => Reference.Value;

    /// <summary>The reference defaults.</summary>
    public static ReplicationSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>"host port" or "host:port" to follow at start, or null (<see cref="Replica.MasterEndpoint.TryParse"/>).</summary>
    public string? ReplicaOf { get; init; }

    public string MasterAuth { get; init; } = string.Empty;

    public bool ReplicaReadOnly { get; init; } = true;

    public bool ReplicaServeStaleData { get; init; } = true;

    /// <summary>
    /// Whether a replica holding data accepts a full sync from a master with a new, shorter history and a far smaller
    /// dataset (a master restarted empty); false: it refuses and keeps its data (<see cref="Replica.EmptyMasterGuard"/>).
    /// </summary>
    public bool ReplicaAcceptEmptyMaster { get; init; }

    public int ReplicaPriority { get; init; } = 100;

    public long BacklogSize { get; init; } = 1024 * 1024;

    /// <summary>Zero: never free the backlog.</summary>
    public TimeSpan BacklogTtl { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PingReplicaPeriod { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan AckPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DisklessSyncDelay { get; init; } = TimeSpan.FromSeconds(5);

    public int DisklessSyncMaxReplicas { get; init; }

    public int SnapshotChunkSize { get; init; } = 64 * 1024;

    public int SnapshotCreditWindow { get; init; } = 8;

    /// <summary>Zero: no hard limit.</summary>
    public long OutputBufferHardLimit { get; init; } = 256L * 1024 * 1024;

    /// <summary>Zero: no soft limit.</summary>
    public long OutputBufferSoftLimit { get; init; } = 64L * 1024 * 1024;

    public TimeSpan OutputBufferSoftSeconds { get; init; } = TimeSpan.FromSeconds(60);

    public int MinReplicasToWrite { get; init; }

    public TimeSpan MinReplicasMaxLag { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a link that was online drops: wait this long before reconnecting (zero: at once, as Redis 7).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.Zero;

    public TimeSpan ReconnectBackoffMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads the <c>replication</c> section of <paramref name="config"/> over the reference defaults. A bad value fails
    /// with its key path.
    /// </summary>
    public static ReplicationSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(Reference.Value).Section("replication");
        if (!c.ReadBoolean("repl-diskless-sync"))
        {
            throw new ConfigException("Configuration key 'replication.repl-diskless-sync' must be yes: disk-based sync is not built", "replication.repl-diskless-sync");
        }

        var replicaOf = c.ReadString("replicaof").Trim();
        if (replicaOf.Length > 0 && Replica.MasterEndpoint.TryParse(replicaOf) is null)
        {
            throw new ConfigException($"Configuration key 'replication.replicaof' must be \"host port\" or \"host:port\", not \"{replicaOf}\"", "replication.replicaof");
        }

        return new ReplicationSettings
        {
            ReplicaOf = replicaOf.Length == 0 ? null : replicaOf,
            MasterAuth = c.ReadString("masterauth"),
            ReplicaReadOnly = c.ReadBoolean("replica-read-only"),
            ReplicaServeStaleData = c.ReadBoolean("replica-serve-stale-data"),
            ReplicaAcceptEmptyMaster = c.ReadBoolean("replica-accept-empty-master"),
            ReplicaPriority = NonNegative(c.ReadInt("replica-priority"), "replica-priority"),
            BacklogSize = Positive(c.ReadByteSize("repl-backlog-size"), "repl-backlog-size"),
            BacklogTtl = NonNegative(c.ReadTimeSpan("repl-backlog-ttl"), "repl-backlog-ttl"),
            Timeout = Positive(c.ReadTimeSpan("repl-timeout"), "repl-timeout"),
            PingReplicaPeriod = Positive(c.ReadTimeSpan("repl-ping-replica-period"), "repl-ping-replica-period"),
            AckPeriod = Positive(c.ReadTimeSpan("repl-ack-period"), "repl-ack-period"),
            DisklessSyncDelay = NonNegative(c.ReadTimeSpan("repl-diskless-sync-delay"), "repl-diskless-sync-delay"),
            DisklessSyncMaxReplicas = NonNegative(c.ReadInt("repl-diskless-sync-max-replicas"), "repl-diskless-sync-max-replicas"),
            SnapshotChunkSize = (int)Math.Min(Positive(c.ReadByteSize("repl-snapshot-chunk-size"), "repl-snapshot-chunk-size"), 16L << 20),
            SnapshotCreditWindow = Positive(c.ReadInt("repl-snapshot-credit-window"), "repl-snapshot-credit-window"),
            OutputBufferHardLimit = NonNegative(c.ReadByteSize("client-output-buffer-limit-replica.hard-limit"), "client-output-buffer-limit-replica.hard-limit"),
            OutputBufferSoftLimit = NonNegative(c.ReadByteSize("client-output-buffer-limit-replica.soft-limit"), "client-output-buffer-limit-replica.soft-limit"),
            OutputBufferSoftSeconds = NonNegative(c.ReadTimeSpan("client-output-buffer-limit-replica.soft-seconds"), "client-output-buffer-limit-replica.soft-seconds"),
            MinReplicasToWrite = NonNegative(c.ReadInt("min-replicas-to-write"), "min-replicas-to-write"),
            MinReplicasMaxLag = Positive(c.ReadTimeSpan("min-replicas-max-lag"), "min-replicas-max-lag"),
            ReconnectDelay = NonNegative(c.ReadTimeSpan("reconnect-delay"), "reconnect-delay"),
            ReconnectBackoffMin = Positive(c.ReadTimeSpan("reconnect-backoff-min"), "reconnect-backoff-min"),
            ReconnectBackoffMax = Positive(c.ReadTimeSpan("reconnect-backoff-max"), "reconnect-backoff-max"),
        };
    }

    private static int Positive(int v, string key) => v > 0 ? v : throw Bad(key, v.ToString());

    private static long Positive(long v, string key) => v > 0 ? v : throw Bad(key, v.ToString());

    private static TimeSpan Positive(TimeSpan v, string key) => v > TimeSpan.Zero ? v : throw Bad(key, v.ToString());

    private static int NonNegative(int v, string key) => v >= 0 ? v : throw Bad(key, v.ToString());

    private static long NonNegative(long v, string key) => v >= 0 ? v : throw Bad(key, v.ToString());

    private static TimeSpan NonNegative(TimeSpan v, string key) => v >= TimeSpan.Zero ? v : throw Bad(key, v.ToString());

    private static ConfigException Bad(string key, string value) =>
        new($"Configuration key 'replication.{key}' has value {value}, which is out of range", "replication." + key);
}
