using System.Diagnostics;
using System.Text;
using ActorReplication.Node.Hosting;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>INFO [section ...], with Redis's section names, field names and "# Section" layout.</summary>
public sealed class InfoWriter(NodeRuntime node)
{
    private static readonly string[] DefaultSections = ["server", "clients", "memory", "persistence", "stats", "replication", "keyspace"];

    public string Render(in RespCommand command)
    {
        var wanted = new List<string>();
        for (var i = 1; i < command.ArgCount; i++) wanted.Add(command.ArgString(i).ToLowerInvariant());
        var sections = wanted.Count == 0 || wanted.Contains("default") || wanted.Contains("all") || wanted.Contains("everything")
            ? DefaultSections
            : DefaultSections.Where(wanted.Contains).ToArray();
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            if (text.Length > 0) text.Append("\r\n");
            switch (section)
            {
                case "server": Server(text); break;
                case "clients": Clients(text); break;
                case "memory": Memory(text); break;
                case "persistence": Persistence(text); break;
                case "stats": Stats(text); break;
                case "replication": Replication(text); break;
                case "keyspace": Keyspace(text); break;
            }
        }
        if (wanted.Contains("membership") || wanted.Contains("all") || wanted.Contains("everything")) MembershipInfo.Append(text, node);
        return text.ToString();
    }

    private void Server(StringBuilder s)
    {
        var uptime = (long)(DateTimeOffset.UtcNow - node.StartedAt).TotalSeconds;
        s.Append("# Server\r\n");
        Field(s, "redis_version", NodeRuntime.Version);
        Field(s, "redis_mode", "standalone");
        Field(s, "os", Environment.OSVersion.ToString());
        Field(s, "arch_bits", Environment.Is64BitProcess ? "64" : "32");
        Field(s, "process_id", Environment.ProcessId);
        Field(s, "run_id", node.RunId);
        Field(s, "tcp_port", node.Port);
        Field(s, "server_time_usec", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
        Field(s, "uptime_in_seconds", uptime);
        Field(s, "uptime_in_days", uptime / 86400);
        Field(s, "executable", Environment.ProcessPath ?? "");
        Field(s, "config_file", node.ConfigFile ?? "");
        // Where this node's actors are reached: a replica told REPLICAOF this node's RESP port reads it here.
        Field(s, "remote_address", node.RemoteAddress);
    }

    private void Clients(StringBuilder s)
    {
        s.Append("# Clients\r\n");
        Field(s, "connected_clients", node.Clients.Count);
        Field(s, "maxclients", node.MaxClients);
        Field(s, "blocked_clients", node.Stats.BlockedClients);
    }

    // The snapshot file is loaded before the port serves, so loading is always 0 here.
    private void Persistence(StringBuilder s)
    {
        s.Append("# Persistence\r\n");
        Field(s, "loading", 0);
        Field(s, "rdb_changes_since_last_save", node.Saves.ChangesSinceLastSave);
        Field(s, "rdb_bgsave_in_progress", node.Saves.InProgress ? 1 : 0);
        Field(s, "rdb_last_save_time", node.Saves.LastSaveUnix);
        Field(s, "rdb_last_bgsave_status", node.Saves.LastSaveOk ? "ok" : "err");
        Field(s, "rdb_last_bgsave_time_sec", node.Saves.LastSaveSeconds);
        Field(s, "rdb_current_bgsave_time_sec", node.Saves.CurrentSaveSeconds);
        Field(s, "rdb_saves", node.Saves.Saves);
        Field(s, "aof_enabled", 0);
    }

    private void Memory(StringBuilder s)
    {
        var used = node.Engine.UsedMemory;
        using var process = Process.GetCurrentProcess();
        s.Append("# Memory\r\n");
        Field(s, "used_memory", used);
        Field(s, "used_memory_human", Human(used));
        Field(s, "used_memory_rss", process.WorkingSet64);
        Field(s, "used_memory_rss_human", Human(process.WorkingSet64));
        Field(s, "used_memory_peak", Math.Max(used, process.PeakWorkingSet64 > 0 ? used : used));
        Field(s, "managed_heap_bytes", GC.GetTotalMemory(false));
        Field(s, "maxmemory", node.Engine.Settings.MaxMemory);
        Field(s, "maxmemory_human", Human(node.Engine.Settings.MaxMemory));
        Field(s, "maxmemory_policy", Cache.Keyspace.KeyspaceSettings.PolicyName(node.Engine.Settings.EvictionPolicy));
    }

    private void Stats(StringBuilder s)
    {
        var stats = node.Engine.Stats;
        s.Append("# Stats\r\n");
        Field(s, "total_connections_received", node.Stats.TotalConnectionsReceived);
        Field(s, "total_commands_processed", node.Stats.TotalCommandsProcessed);
        Field(s, "instantaneous_ops_per_sec", node.Stats.InstantaneousOpsPerSec);
        Field(s, "rejected_connections", node.Stats.RejectedConnections);
        if (node.Replication is { } replication) s.Append(replication.Board.Snapshot().RenderInfoStats());
        else s.Append("sync_full:0\r\nsync_partial_ok:0\r\nsync_partial_err:0\r\n");
        Field(s, "expired_keys", stats.ExpiredKeys);
        Field(s, "evicted_keys", stats.EvictedKeys);
        Field(s, "keyspace_hits", stats.KeyspaceHits);
        Field(s, "keyspace_misses", stats.KeyspaceMisses);
    }

    private void Replication(StringBuilder s)
    {
        if (node.Replication is { } replication)
        {
            s.Append("# Replication\r\n").Append(replication.Board.Snapshot().RenderInfoReplication());
            return;
        }
        s.Append("# Replication\r\n");
        Field(s, "role", "master");
        Field(s, "connected_slaves", 0);
        Field(s, "master_failover_state", "no-failover");
        Field(s, "master_replid", node.RunId);
        Field(s, "master_replid2", new string('0', 40));
        Field(s, "master_repl_offset", 0);
        Field(s, "second_repl_offset", -1);
        Field(s, "repl_backlog_active", 0);
        Field(s, "repl_backlog_size", 1048576);
        Field(s, "repl_backlog_first_byte_offset", 0);
        Field(s, "repl_backlog_histlen", 0);
    }

    private void Keyspace(StringBuilder s)
    {
        s.Append("# Keyspace\r\n");
        foreach (var db in node.Engine.GetKeyspaceInfo())
            if (db.Keys > 0)
                s.Append($"db{db.Db}:keys={db.Keys},expires={db.Expires},avg_ttl={db.AvgTtl}\r\n");
    }

    private static void Field(StringBuilder s, string name, object value) => s.Append(name).Append(':').Append(value).Append("\r\n");

    private static string Human(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00}G",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.00}M",
        >= 1L << 10 => $"{bytes / 1024.0:0.00}K",
        _ => $"{bytes}B",
    };
}
