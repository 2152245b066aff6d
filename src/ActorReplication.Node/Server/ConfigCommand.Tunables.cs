using System.Globalization;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Node.Server;

/// <summary>
/// Redis 7.0 settings that tools and test suites set (encoding thresholds, lazy freeing, active defrag, hz, slow log,
/// AOF tuning...) but that change nothing in this engine. CONFIG SET validates them as Redis does, with its error
/// texts; CONFIG GET returns the stored value (Redis's default until set). The encoding thresholds alone are read:
/// by OBJECT ENCODING and DUMP, which report and write what Redis would under them. docs/compatibility.md lists them.
/// </summary>
public sealed partial class ConfigCommand
{
    private const long LongMax = long.MaxValue;
    private const long IntMax = int.MaxValue;

    private readonly Dictionary<string, string> _tunables = new(StringComparer.Ordinal);

    private Parameter[] TunableParameters()
    {
        var list = new List<Parameter>();

        void Encoding(string name, string alias, bool memory, long min, long max, Func<long> get, Action<long> set)
        {
            foreach (string n in new[] { name, alias })
            {
                list.Add(new(n, Mutability.Mutable, _ => Number(get()), (_, v) =>
                {
                    long value = memory ? ParseBoundedMemory(v, min, max) : ParseInteger(v, min, max);
                    return () => set(value);
                }));
            }
        }

        Encoding("hash-max-listpack-entries", "hash-max-ziplist-entries", false, 0, LongMax,
            () => Thresholds().HashMaxListpackEntries, v => Thresholds().HashMaxListpackEntries = v);
        Encoding("hash-max-listpack-value", "hash-max-ziplist-value", true, 0, LongMax,
            () => Thresholds().HashMaxListpackValue, v => Thresholds().HashMaxListpackValue = v);
        Encoding("zset-max-listpack-entries", "zset-max-ziplist-entries", false, 0, LongMax,
            () => Thresholds().ZSetMaxListpackEntries, v => Thresholds().ZSetMaxListpackEntries = v);
        Encoding("zset-max-listpack-value", "zset-max-ziplist-value", true, 0, LongMax,
            () => Thresholds().ZSetMaxListpackValue, v => Thresholds().ZSetMaxListpackValue = v);
        Encoding("list-max-listpack-size", "list-max-ziplist-size", false, int.MinValue, IntMax,
            () => Thresholds().ListMaxListpackSize, v => Thresholds().ListMaxListpackSize = (int)v);
        list.Add(new("set-max-intset-entries", Mutability.Mutable, _ => Number(Thresholds().SetMaxIntsetEntries), (_, v) =>
        {
            long value = ParseInteger(v, 0, LongMax);
            return () => Thresholds().SetMaxIntsetEntries = value;
        }));

        Integer("list-compress-depth", 0, 0, IntMax);
        Memory("stream-node-max-bytes", 4096, 0, LongMax);
        Integer("stream-node-max-entries", 100, 0, LongMax);
        Memory("hll-sparse-max-bytes", 3000, 0, LongMax);
        YesNo("activerehashing", true);
        list.Add(new("activedefrag", Mutability.Mutable, _ => Stored("activedefrag", "no"), (_, v) => ParseYesNo(v)
            ? throw new ConfigSetException("Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution")
            : () => _tunables["activedefrag"] = "no"));
        Integer("active-defrag-cycle-min", 1, 1, 99);
        Integer("active-defrag-cycle-max", 25, 1, 99);
        Memory("active-defrag-ignore-bytes", 104857600, 1, LongMax);
        Integer("active-defrag-max-scan-fields", 1000, 1, LongMax);
        Integer("active-defrag-threshold-lower", 10, 0, 1000);
        Integer("active-defrag-threshold-upper", 100, 0, 1000);
        Integer("active-expire-effort", 1, 1, 10);
        YesNo("lazyfree-lazy-eviction", false);
        YesNo("lazyfree-lazy-expire", false);
        YesNo("lazyfree-lazy-server-del", false);
        YesNo("lazyfree-lazy-user-del", false);
        YesNo("lazyfree-lazy-user-flush", false);
        YesNo("replica-lazy-flush", false, alias: "slave-lazy-flush");

        // Redis keeps hz within 1..500 whatever is set.
        list.Add(new("hz", Mutability.Mutable, _ => Stored("hz", "10"), (_, v) =>
        {
            long hz = Math.Clamp(ParseInteger(v, 0, IntMax), 1, 500);
            return () => _tunables["hz"] = Number(hz);
        }));
        YesNo("dynamic-hz", true);
        YesNo("rdbcompression", true);
        list.Add(new("rdbchecksum", Mutability.Immutable, _ => "yes"));
        YesNo("rdb-save-incremental-fsync", true);
        YesNo("rdb-del-sync-files", false);
        YesNo("jemalloc-bg-thread", true);
        Integer("lfu-log-factor", 10, 0, IntMax);
        Integer("lfu-decay-time", 1, 0, IntMax);
        Integer("maxmemory-eviction-tenacity", 10, 0, 100);
        Integer("slowlog-log-slower-than", 10000, -1, LongMax);
        Integer("slowlog-max-len", 128, 0, LongMax);
        Integer("latency-monitor-threshold", 0, 0, LongMax);
        YesNo("latency-tracking", true);
        Integer("tracking-table-max-keys", 1000000, 0, LongMax);
        Integer("busy-reply-threshold", 5000, 0, LongMax, alias: "lua-time-limit");
        Choice("sanitize-dump-payload", "no", "no", "yes", "clients");
        Choice("oom-score-adj", "no", "no", "yes", "relative", "absolute");
        list.Add(new("disable-thp", Mutability.Immutable, _ => "yes"));
        list.Add(new("set-proc-title", Mutability.Immutable, _ => "yes"));
        YesNo("crash-log-enabled", true);
        YesNo("crash-memcheck-enabled", true);
        Integer("acllog-max-len", 128, 0, LongMax);
        Choice("appendfsync", "everysec", "everysec", "always", "no");
        YesNo("no-appendfsync-on-rewrite", false);
        Integer("auto-aof-rewrite-percentage", 100, 0, IntMax);
        Memory("auto-aof-rewrite-min-size", 67108864, 0, LongMax);
        YesNo("aof-load-truncated", true);
        YesNo("aof-use-rdb-preamble", true);
        YesNo("aof-rewrite-incremental-fsync", true);
        YesNo("aof-timestamp-enabled", false);
        YesNo("aof-disable-auto-gc", false);
        YesNo("repl-disable-tcp-nodelay", false);
        Integer("repl-diskless-sync-max-replicas", 0, 0, IntMax);
        Choice("repl-diskless-load", "disabled", "disabled", "on-empty-db", "swapdb");
        Integer("tcp-keepalive", 300, 0, IntMax);
        Integer("shutdown-timeout", 10, 0, IntMax);
        Choice("loglevel", "notice", "debug", "verbose", "notice", "warning");
        return [.. list];

        EncodingThresholds Thresholds() => node.Engine.Settings.Encoding;

        // A setting and its alias share one stored value, as in Redis.
        void Add(string name, string? alias, string defaultValue, Func<string, string> validate)
        {
            foreach (string n in alias is null ? new[] { name } : new[] { name, alias })
            {
                list.Add(new(n, Mutability.Mutable, _ => Stored(name, defaultValue), (_, v) =>
                {
                    string value = validate(v);
                    return () => _tunables[name] = value;
                }));
            }
        }

        void Integer(string name, long defaultValue, long min, long max, string? alias = null) =>
            Add(name, alias, Number(defaultValue), v => Number(ParseInteger(v, min, max)));

        void Memory(string name, long defaultValue, long min, long max) =>
            Add(name, null, Number(defaultValue), v => Number(ParseBoundedMemory(v, min, max)));

        void YesNo(string name, bool defaultValue, string? alias = null) =>
            Add(name, alias, defaultValue ? "yes" : "no", v => ParseYesNo(v) ? "yes" : "no");

        void Choice(string name, string defaultValue, params string[] choices) =>
            Add(name, null, defaultValue, v => choices.FirstOrDefault(c => c.Equals(v, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigSetException($"argument(s) must be one of the following: {string.Join(", ", choices)}"));
    }

    private string Stored(string name, string defaultValue) => _tunables.GetValueOrDefault(name, defaultValue);

    /// <summary>
    /// Redis's memory values for its bounded settings: digits with an optional unit (as <see cref="ParseMemory"/>; an
    /// empty value is 0), anything else "a memory value" error; a number too large or outside the bounds, the range error.
    /// </summary>
    private static long ParseBoundedMemory(string value, long min, long max)
    {
        var digits = 0;
        while (digits < value.Length && char.IsAsciiDigit(value[digits])) digits++;
        ulong multiplier = value[digits..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000UL * 1000 * 1000,
            "gb" => 1024UL * 1024 * 1024,
            _ => throw new ConfigSetException("argument must be a memory value"),
        };
        var range = new ConfigSetException($"argument must be between {min} and {max} inclusive");
        ulong n = 0;
        if (digits > 0 && !ulong.TryParse(value.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out n))
            throw range;
        if (n > ulong.MaxValue / multiplier || n * multiplier > (ulong)max || (long)(n * multiplier) < min)
            throw range;
        return (long)(n * multiplier);
    }
}
