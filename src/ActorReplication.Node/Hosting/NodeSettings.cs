using ActorReplication.Cache.Keyspace;
using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Node.Hosting;

/// <summary>The <c>server</c> and <c>keyspace</c> sections, read once at start; bad values fail with the key path.</summary>
public sealed record NodeSettings(
    IReadOnlyList<string> Bind,
    int Port,
    string RequirePass,
    int MaxClients,
    string Dir,
    string DbFilename,
    long ProtoMaxBulkLen,
    string PidFile,
    string LogFile,
    int Databases,
    long MaxMemory,
    EvictionPolicy MaxMemoryPolicy,
    int MaxMemorySamples,
    IReadOnlyList<SaveRule> Save,
    bool StopWritesOnBgsaveError)
{
    public static NodeSettings FromConfig(Config config)
    {
        var server = config.Section("server");
        var keyspace = config.Section("keyspace");
        var save = server.ReadString("save");
        if (!SaveRules.TryParse(save, out var saveRules))
            throw new ConfigException($"Configuration key 'server.save' must be \"<seconds> <changes>\" pairs separated by single spaces (seconds at least 1), or \"\", not \"{save}\"", "server.save");
        if (server.ReadBoolean("appendonly"))
            throw new ConfigException($"Configuration key 'server.appendonly': the append-only file is not built yet; use appendonly = no", "server.appendonly");
        var dbFilename = server.ReadString("dbfilename");
        if (dbFilename.Length > 0 && Path.GetFileName(dbFilename) != dbFilename)
            throw new ConfigException($"Configuration key 'server.dbfilename' must be a plain file name, not \"{dbFilename}\"", "server.dbfilename");
        var port = server.ReadInt("port");
        if (port is < 0 or > 65535)
            throw new ConfigException($"Configuration key 'server.port' must be 0..65535, not {port}", "server.port");
        var bind = server.ReadString("bind").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (bind.Length == 0 || bind.Any(a => !System.Net.IPAddress.TryParse(a, out _)))
            throw new ConfigException($"Configuration key 'server.bind' must be IP addresses separated by spaces, not \"{server.ReadString("bind")}\"", "server.bind");
        var maxClients = server.ReadInt("maxclients");
        if (maxClients < 1)
            throw new ConfigException($"Configuration key 'server.maxclients' must be at least 1, not {maxClients}", "server.maxclients");
        var databases = keyspace.ReadInt("databases");
        if (databases is < 1 or > 10_000)
            throw new ConfigException($"Configuration key 'keyspace.databases' must be 1..10000, not {databases}", "keyspace.databases");
        EvictionPolicy policy;
        try
        {
            policy = KeyspaceSettings.ParsePolicy(keyspace.ReadString("maxmemory-policy"));
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException($"Configuration key 'keyspace.maxmemory-policy': {ex.Message}", "keyspace.maxmemory-policy");
        }
        return new NodeSettings(
            Bind: bind,
            Port: port,
            RequirePass: server.ReadString("requirepass"),
            MaxClients: maxClients,
            Dir: server.ReadString("dir"),
            DbFilename: dbFilename,
            ProtoMaxBulkLen: server.ReadByteSize("proto-max-bulk-len"),
            PidFile: server.ReadString("pidfile"),
            LogFile: server.ReadString("logfile"),
            Databases: databases,
            MaxMemory: keyspace.ReadByteSize("maxmemory"),
            MaxMemoryPolicy: policy,
            MaxMemorySamples: keyspace.ReadInt("maxmemory-samples"),
            Save: saveRules,
            StopWritesOnBgsaveError: server.ReadBoolean("stop-writes-on-bgsave-error"));
    }
}
