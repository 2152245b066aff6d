namespace ActorReplication.Cache.Keyspace;

/// <summary>Wall-clock source in unix milliseconds; injected so tests control time.</summary>
public interface IClock
{
    long UnixTimeMilliseconds { get; }
}

/// <summary>The system clock.</summary>
public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();

    public long UnixTimeMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

/// <summary>A clock that only moves when told to (tests, deterministic replay).</summary>
public sealed class ManualClock : IClock
{
    public ManualClock(long startMs = 1_700_000_000_000) => UnixTimeMilliseconds = startMs;

    public long UnixTimeMilliseconds { get; set; }

    public void Advance(long ms) => UnixTimeMilliseconds += ms;
}

/// <summary>Redis <c>maxmemory-policy</c> values this engine implements.</summary>
public enum EvictionPolicy
{
    NoEviction,
    AllKeysLru,
    VolatileLru,
    AllKeysRandom,
    VolatileRandom,
    VolatileTtl,
}

/// <summary>Keyspace configuration. Mutable at runtime (CONFIG SET, REPLICAOF) by the owning actor between batches.</summary>
public sealed class KeyspaceSettings
{
    /// <summary>Number of databases (Redis <c>databases</c>, default 16). Fixed at construction.</summary>
    public int Databases { get; init; } = 16;

    /// <summary>Redis <c>maxmemory</c> in bytes of <see cref="KeyspaceEngine.UsedMemory"/>; 0 = unlimited.</summary>
    public long MaxMemory { get; set; }

    public EvictionPolicy EvictionPolicy { get; set; } = EvictionPolicy.NoEviction;

    /// <summary>Redis <c>maxmemory-samples</c>.</summary>
    public int MaxMemorySamples { get; set; } = 5;

    /// <summary>
    /// Replica mode: keys are never expired or evicted locally (the master's DELs remove them); expired keys are hidden
    /// from normal clients' reads. Commands from the master link (<see cref="ClientSession.IsMasterLink"/>) see them.
    /// </summary>
    public bool IsReplica { get; set; }

    /// <summary>
    /// Writes paused (FAILOVER, CLIENT PAUSE WRITE): the dataset must not change, so, as on a replica, keys are neither
    /// expired nor evicted (a logically expired key reads as missing and stays until the pause ends).
    /// </summary>
    public bool WritesPaused { get; set; }

    /// <summary>The active expiry cycle runs (DEBUG SET-ACTIVE-EXPIRE 0 stops it, for tests of lazy expiry).</summary>
    public bool ActiveExpire { get; set; } = true;

    /// <summary>Largest string value (Redis <c>proto-max-bulk-len</c>), checked by APPEND and SETRANGE.</summary>
    public long ProtoMaxBulkLen { get; set; } = 512L * 1024 * 1024;

    /// <summary>Redis's encoding thresholds: what OBJECT ENCODING reports and DUMP writes (storage is unaffected).</summary>
    public EncodingThresholds Encoding { get; } = new();

    /// <summary>Seed of the engine's random source (RANDOMKEY, SPOP, sampling); null = random.</summary>
    public int? RandomSeed { get; init; }

    public static EvictionPolicy ParsePolicy(string name) => name.ToLowerInvariant() switch
    {
        "noeviction" => EvictionPolicy.NoEviction,
        "allkeys-lru" => EvictionPolicy.AllKeysLru,
        "volatile-lru" => EvictionPolicy.VolatileLru,
        "allkeys-random" => EvictionPolicy.AllKeysRandom,
        "volatile-random" => EvictionPolicy.VolatileRandom,
        "volatile-ttl" => EvictionPolicy.VolatileTtl,
        _ => throw new ArgumentException("unknown maxmemory-policy " + name, nameof(name)),
    };

    public static string PolicyName(EvictionPolicy p) => p switch
    {
        EvictionPolicy.NoEviction => "noeviction",
        EvictionPolicy.AllKeysLru => "allkeys-lru",
        EvictionPolicy.VolatileLru => "volatile-lru",
        EvictionPolicy.AllKeysRandom => "allkeys-random",
        EvictionPolicy.VolatileRandom => "volatile-random",
        _ => "volatile-ttl",
    };
}

/// <summary>Per-client state the caller keeps and passes to every <see cref="KeyspaceEngine.Execute"/>.</summary>
public sealed class ClientSession
{
    /// <summary>The SELECTed database.</summary>
    public int Db { get; set; }

    /// <summary>True for the replication link applying the master's stream: keys are never treated as expired.</summary>
    public bool IsMasterLink { get; set; }

    /// <summary>The commands queued since MULTI; null outside a transaction.</summary>
    public Transactions.QueuedTransaction? Transaction { get; internal set; }

    /// <summary>The last transaction's state, emptied, for the next MULTI.</summary>
    internal Transactions.QueuedTransaction? SpareTransaction { get; set; }

    /// <summary>True while the client watches keys (its connection must tell the keyspace when it closes).</summary>
    public bool HasWatches => Watches is { Count: > 0 };

    /// <summary>The keys this client WATCHes (owned by the keyspace's <see cref="Transactions.WatchedKeys"/>).</summary>
    internal List<Transactions.WatchedKey>? Watches { get; set; }

    /// <summary>A watched key was touched: the next EXEC answers a null array.</summary>
    internal bool WatchTouched { get; set; }
}

/// <summary>Counters for INFO stats.</summary>
public sealed class KeyspaceStats
{
    public long KeyspaceHits { get; internal set; }

    public long KeyspaceMisses { get; internal set; }

    public long ExpiredKeys { get; internal set; }

    public long EvictedKeys { get; internal set; }

    /// <summary>Number of write commands that changed the dataset (Redis <c>dirty</c>-like).</summary>
    public long Dirty { get; internal set; }

    public void Reset()
    {
        KeyspaceHits = 0;
        KeyspaceMisses = 0;
        ExpiredKeys = 0;
        EvictedKeys = 0;
    }
}

/// <summary>INFO keyspace line for one non-empty database: <c>db0:keys=1,expires=0,avg_ttl=0</c>.</summary>
public readonly record struct DatabaseInfo(int Db, int Keys, int Expires, long AvgTtl);
