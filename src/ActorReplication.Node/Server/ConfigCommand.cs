using System.Globalization;
using System.Text;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Node.Hosting;
using ActorReplication.Resp;
using Glob = ActorReplication.Cache.Keyspace.Glob;

namespace ActorReplication.Node.Server;

/// <summary>
/// CONFIG GET pattern... / SET name value [name value ...] / RESETSTAT / REWRITE / HELP with Redis 7.0's names, replies
/// and error texts. Settings that only take effect at start are immutable here (Redis lets some of them change).
/// </summary>
public sealed partial class ConfigCommand(NodeRuntime node)
{
    internal static readonly Subcommands.Definition[] Table =
    [
        new("GET", -3),
        new("SET", -4),
        new("RESETSTAT", 2),
        new("REWRITE", 2),
        new("HELP", 2),
    ];

    private static readonly string[] Help =
    [
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    ];

    private enum Mutability
    {
        Mutable,
        Immutable,
        Protected,
    }

    private sealed record Parameter(string Name, Mutability Mutability, Func<NodeRuntime, string> Get, Func<NodeRuntime, string, Action?>? Validate = null);

    /// <summary>
    /// What CONFIG knows, in Redis's names. <see cref="Parameter.Validate"/> checks a value and returns how to apply it,
    /// or throws <see cref="ConfigSetException"/> with Redis's reason.
    /// </summary>
    private static readonly Parameter[] Parameters =
    [
        new("bind", Mutability.Immutable, n => string.Join(' ', n.Settings.Bind)),
        new("port", Mutability.Immutable, n => n.Port.ToString(CultureInfo.InvariantCulture)),
        new("requirepass", Mutability.Immutable, n => n.Settings.RequirePass),
        new("maxclients", Mutability.Mutable, n => n.MaxClients.ToString(CultureInfo.InvariantCulture), (n, v) =>
        {
            var max = ParseInteger(v, 1, uint.MaxValue);
            return () => n.MaxClients = (int)Math.Min(max, int.MaxValue);
        }),
        new("dir", Mutability.Protected, n => n.Files.Directory),
        new("dbfilename", Mutability.Protected, n => n.Files.SnapshotFileName),
        new("pidfile", Mutability.Immutable, n => n.Settings.PidFile),
        new("logfile", Mutability.Immutable, n => n.Settings.LogFile),
        new("daemonize", Mutability.Immutable, _ => "no"),
        new("databases", Mutability.Immutable, n => n.Settings.Databases.ToString(CultureInfo.InvariantCulture)),
        new("proto-max-bulk-len", Mutability.Immutable, n => n.Settings.ProtoMaxBulkLen.ToString(CultureInfo.InvariantCulture)),
        new("maxmemory", Mutability.Mutable, n => n.Engine.Settings.MaxMemory.ToString(CultureInfo.InvariantCulture), (n, v) =>
        {
            var bytes = ParseMemory(v);
            return () => n.Engine.Settings.MaxMemory = bytes;
        }),
        new("maxmemory-policy", Mutability.Mutable, n => KeyspaceSettings.PolicyName(n.Engine.Settings.EvictionPolicy), (n, v) =>
        {
            EvictionPolicy policy;
            try
            {
                policy = KeyspaceSettings.ParsePolicy(v);
            }
            catch (ArgumentException)
            {
                // Redis lists the LFU policies too; they are not built here.
                throw new ConfigSetException("argument(s) must be one of the following: volatile-lru, volatile-random, volatile-ttl, allkeys-lru, allkeys-random, noeviction");
            }
            return () => n.Engine.Settings.EvictionPolicy = policy;
        }),
        new("maxmemory-samples", Mutability.Mutable, n => n.Engine.Settings.MaxMemorySamples.ToString(CultureInfo.InvariantCulture), (n, v) =>
        {
            var samples = (int)ParseInteger(v, 1, int.MaxValue);
            return () => n.Engine.Settings.MaxMemorySamples = samples;
        }),
        new("save", Mutability.Mutable, n => SaveRules.Format(n.Saves.Rules), (n, v) => SaveRules.TryParse(v, out var rules)
            ? () => n.Saves.Rules = rules
            : throw new ConfigSetException(SaveRules.InvalidError)),
        new("stop-writes-on-bgsave-error", Mutability.Mutable, n => n.Saves.StopWritesOnError ? "yes" : "no", (n, v) =>
        {
            var on = ParseYesNo(v);
            return () => n.Saves.StopWritesOnError = on;
        }),
        new("appendonly", Mutability.Mutable, _ => "no", (_, v) => ParseYesNo(v)
            ? throw new ConfigSetException("the append-only file is not built yet; only appendonly no is accepted")
            : null),
        // Replication (hocon/reference/replication.conf); the mutable ones tell the replication actors.
        new("repl-backlog-size", Mutability.Mutable, n => Number(n.Replication?.BacklogSize ?? 1048576), (n, v) =>
        {
            var bytes = ParseMemory(v);
            if (bytes < 1) throw new ConfigSetException("argument must be between 1 and 9223372036854775807 inclusive");
            return () => n.Replication?.SetBacklogSize(bytes);
        }),
        new("repl-diskless-sync-delay", Mutability.Mutable, n => Number(n.Replication?.DisklessSyncDelaySeconds ?? 5), (n, v) =>
        {
            var seconds = ParseInteger(v, 0, int.MaxValue);
            return () => n.Replication?.SetDisklessSyncDelay(seconds);
        }),
        new("min-replicas-to-write", Mutability.Mutable, n => Number(n.Replication?.MinReplicasToWrite ?? 0), (n, v) =>
        {
            var count = (int)ParseInteger(v, 0, int.MaxValue);
            return () => n.Replication?.SetMinReplicas(count, null);
        }),
        new("min-replicas-max-lag", Mutability.Mutable, n => Number(n.Replication?.MinReplicasMaxLagSeconds ?? 10), (n, v) =>
        {
            var seconds = ParseInteger(v, 0, int.MaxValue);
            return () => n.Replication?.SetMinReplicas(null, seconds);
        }),
        new("repl-diskless-sync", Mutability.Immutable, _ => "yes"),
        new("replicaof", Mutability.Immutable, n => n.Replication?.Master is { } m ? $"{m.Host} {m.Port}" : ""),
        new("replica-read-only", Mutability.Immutable, n => n.Replication?.Settings.ReplicaReadOnly == false ? "no" : "yes"),
        new("replica-serve-stale-data", Mutability.Immutable, n => n.Replication?.Settings.ReplicaServeStaleData == false ? "no" : "yes"),
        new("replica-priority", Mutability.Immutable, n => Number(n.Replication?.Settings.ReplicaPriority ?? 100)),
        new("repl-timeout", Mutability.Immutable, n => Number((long)(n.Replication?.Settings.Timeout.TotalSeconds ?? 60))),
        new("repl-ping-replica-period", Mutability.Immutable, n => Number((long)(n.Replication?.Settings.PingReplicaPeriod.TotalSeconds ?? 10))),
        new("repl-backlog-ttl", Mutability.Immutable, n => Number((long)(n.Replication?.Settings.BacklogTtl.TotalSeconds ?? 3600))),
    ];

    private sealed class ConfigSetException(string message) : Exception(message);

    private Parameter[]? _all;

    /// <summary>The node's settings, then the Redis tunables accepted for compatibility.</summary>
    private Parameter[] All => _all ??= [.. Parameters, .. TunableParameters()];

    public void Execute(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount < 2)
        {
            reply.WriteError("ERR wrong number of arguments for 'config' command");
            return;
        }
        switch (Subcommands.Resolve(command, "config", Table, reply)?.Name)
        {
            case null:
                return;
            case "GET":
                Get(command, reply);
                return;
            case "SET":
                Set(command, reply);
                return;
            case "RESETSTAT":
                node.Stats.ResetStats();
                node.Engine.Stats.Reset();
                reply.WriteOk();
                return;
            case "REWRITE":
                reply.WriteError(node.ConfigFile is null
                    ? "ERR The server is running without a config file"
                    : $"ERR Rewriting config file: HOCON files are not rewritten; edit {node.ConfigFile}");
                return;
            case "HELP":
                Subcommands.WriteHelp(reply, "config", Help);
                return;
        }
    }

    /// <summary>
    /// As Redis 7.0: a name without glob characters is looked up as given (and answered with the caller's spelling);
    /// a pattern matches the names case-insensitively. Each parameter is answered once.
    /// </summary>
    private void Get(in RespCommand command, RespWriter reply)
    {
        var matches = new List<(string Name, Parameter Parameter)>();
        for (var i = 2; i < command.ArgCount; i++)
        {
            var pattern = command.ArgString(i);
            if (pattern.IndexOfAny(['[', '*', '?']) < 0)
            {
                var parameter = Find(pattern);
                if (parameter is not null && matches.All(m => m.Parameter != parameter)) matches.Add((pattern, parameter));
                continue;
            }
            var lower = Encoding.UTF8.GetBytes(pattern.ToLowerInvariant());
            foreach (var parameter in All)
                if (matches.All(m => m.Parameter != parameter) && Glob.IsMatch(lower, Encoding.UTF8.GetBytes(parameter.Name)))
                    matches.Add((parameter.Name, parameter));
        }
        reply.WriteMapHeader(matches.Count);
        foreach (var (name, parameter) in matches)
        {
            reply.WriteBulkString(name);
            reply.WriteBulkString(parameter.Get(node));
        }
    }

    private Parameter? Find(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// As Redis 7.0: name/value pairs, all checked (unknown, immutable, duplicate, bad value) before any is applied,
    /// so a failing CONFIG SET changes nothing.
    /// </summary>
    private void Set(in RespCommand command, RespWriter reply)
    {
        if ((command.ArgCount & 1) != 0)
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        var pairs = (command.ArgCount - 2) / 2;
        var chosen = new List<Parameter>(pairs);
        string? unknown = null, failedName = null, failure = null;
        for (var i = 0; i < pairs; i++)
        {
            var name = command.ArgString(2 + (i * 2));
            var parameter = Find(name);
            // The first problem found is the one reported, as in Redis.
            if (failedName is not null || unknown is not null) continue;
            if (parameter is null)
            {
                unknown = name;
                continue;
            }
            if (parameter.Mutability != Mutability.Mutable)
            {
                failedName = name;
                failure = parameter.Mutability == Mutability.Immutable ? "can't set immutable config" : "can't set protected config";
                continue;
            }
            if (chosen.Contains(parameter))
            {
                failedName = name;
                failure = "duplicate parameter";
                continue;
            }
            chosen.Add(parameter);
        }
        if (unknown is not null)
        {
            reply.WriteError($"ERR Unknown option or number of arguments for CONFIG SET - '{unknown}'");
            return;
        }
        if (failedName is not null)
        {
            reply.WriteError($"ERR CONFIG SET failed (possibly related to argument '{failedName}') - {failure}");
            return;
        }

        var apply = new List<Action>(pairs);
        for (var i = 0; i < pairs; i++)
        {
            try
            {
                if (chosen[i].Validate!(node, command.ArgString(3 + (i * 2))) is { } action) apply.Add(action);
            }
            catch (ConfigSetException ex)
            {
                reply.WriteError($"ERR CONFIG SET failed (possibly related to argument '{command.ArgString(2 + (i * 2))}') - {ex.Message}");
                return;
            }
        }
        foreach (var action in apply) action();
        reply.WriteOk();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long ParseInteger(string value, long min, long max)
    {
        if (!RespNumber.TryParseInt64(Encoding.UTF8.GetBytes(value), out var n))
            throw new ConfigSetException("argument couldn't be parsed into an integer");
        if (n < min || n > max)
            throw new ConfigSetException($"argument must be between {min} and {max} inclusive");
        return n;
    }

    private static bool ParseYesNo(string value) =>
        value.Equals("yes", StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals("no", StringComparison.OrdinalIgnoreCase) ? false
        : throw new ConfigSetException("argument must be 'yes' or 'no'");

    /// <summary>Redis's memtoull: digits and an optional unit b, k (1000), kb (1024), m, mb, g, gb, case-insensitive.</summary>
    private static long ParseMemory(string value)
    {
        var digits = 0;
        while (digits < value.Length && char.IsAsciiDigit(value[digits])) digits++;
        long multiplier = value[digits..].ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000L * 1000 * 1000,
            "gb" => 1024L * 1024 * 1024,
            _ => throw new ConfigSetException("argument must be a memory value"),
        };
        if (digits == 0) return 0; // as strtoull("") in Redis
        if (!long.TryParse(value.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / multiplier)
            throw new ConfigSetException("argument must be a memory value");
        return n * multiplier;
    }
}
