using System.CommandLine;
using System.Text.Json;
using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// The node's options: <c>--config file.conf</c>, <c>--set path=value</c>, and the redis-server options a Redis user
/// types (<c>--port</c>, <c>--bind</c>, ...), each mapped onto its HOCON key. Unknown options are errors that name them.
/// </summary>
public static class CommandLine
{
    private sealed record RedisOption(string Name, string ConfigPath, bool IsString, string Description);

    private static readonly RedisOption[] RedisOptions =
    [
        new("--port", "server.port", false, "RESP port (server.port)"),
        new("--bind", "server.bind", true, "addresses to listen on, space separated (server.bind)"),
        new("--requirepass", "server.requirepass", true, "password clients must AUTH with (server.requirepass)"),
        new("--maxclients", "server.maxclients", false, "maximum client connections (server.maxclients)"),
        new("--dir", "server.dir", true, "data directory (server.dir)"),
        new("--dbfilename", "server.dbfilename", true, "snapshot file name in the data directory (server.dbfilename)"),
        new("--pidfile", "server.pidfile", true, "file to write the process id to (server.pidfile)"),
        new("--logfile", "server.logfile", true, "file to log to instead of the console (server.logfile)"),
        new("--save", "server.save", true, "save points, e.g. \"3600 1 300 100\", or '' for none (server.save)"),
        new("--appendonly", "server.appendonly", false, "append-only file; only 'no' is supported yet (server.appendonly)"),
        new("--maxmemory", "keyspace.maxmemory", true, "memory limit, e.g. 100mb (keyspace.maxmemory)"),
        new("--maxmemory-policy", "keyspace.maxmemory-policy", true, "eviction policy (keyspace.maxmemory-policy)"),
        new("--databases", "keyspace.databases", false, "number of databases (keyspace.databases)"),
        new("--replicaof", "replication.replicaof", true, "follow this master from the start: \"host port\" (replication.replicaof)"),
    ];

    /// <summary>Parses <paramref name="args"/>; on success calls <paramref name="run"/> with the checked, merged config and the config file.</summary>
    public static int Run(string[] args, Func<Config, string?, int> run)
    {
        var configFile = new Option<FileInfo?>("--config") { Description = "HOCON file with this node's settings (over the reference defaults)" };
        var set = new Option<string[]>("--set")
        {
            Description = "override one setting: --set path=value (repeatable; wins over --config)",
            AllowMultipleArgumentsPerToken = false,
        };
        var daemonize = new Option<string?>("--daemonize") { Description = "only 'no' is supported: run it in the background with '&'" };
        var debugCommand = new Option<string?>("--enable-debug-command") { Description = "accepted for redis-server compatibility; DEBUG is always enabled" };
        var redisOptions = RedisOptions.Select(o => (o, new Option<string>(o.Name) { Description = o.Description })).ToList();

        var root = new RootCommand("ActorReplication node: a Redis-compatible cache node built on actors");
        root.Options.Add(configFile);
        root.Options.Add(set);
        root.Options.Add(daemonize);
        root.Options.Add(debugCommand);
        foreach (var (_, option) in redisOptions) root.Options.Add(option);
        root.Subcommands.Add(CheckSnapshotCommand());

        root.SetAction(parsed =>
        {
            if (parsed.GetValue(daemonize) is { } d && !d.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"--daemonize {d} is not supported: the node stays in the foreground; start it with '&' to run it in the background");
                return 2;
            }
            var overrides = new List<(string Source, string Assignment)>();
            foreach (var (redis, option) in redisOptions)
                if (parsed.GetValue(option) is { } value)
                    overrides.Add(($"{redis.Name} {value}", $"{redis.ConfigPath}={(redis.IsString ? JsonSerializer.Serialize(value) : value)}"));
            foreach (var assignment in parsed.GetValue(set) ?? []) overrides.Add(($"--set {assignment}", assignment));
            var file = parsed.GetValue(configFile);
            Config config;
            try
            {
                config = NodeConfiguration.Load(file?.ToString(), overrides);
            }
            catch (ConfigException ex)
            {
                Console.Error.WriteLine($"Bad configuration: {ex.Message}");
                return 1;
            }
            return run(config, file?.FullName);
        });
        return root.Parse(args).Invoke();
    }

    /// <summary><c>check-snapshot FILE</c>: the snapshot file check (redis-check-rdb's role), then exit.</summary>
    private static Command CheckSnapshotCommand()
    {
        var file = new Argument<string>("FILE") { Description = "the snapshot file (dir/dbfilename of a node)" };
        var command = new Command(Tools.SnapshotCheck.CommandName, "check a snapshot file: every record, the key count and the checksum; exit 1 naming the first defect and its byte offset");
        command.Arguments.Add(file);
        command.SetAction(parsed => Tools.SnapshotCheck.Run(parsed.GetValue(file)!, Console.Out));
        return command;
    }
}
