using ActorReplication.Cache.Keyspace;
using ActorReplication.Hocon;

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
    int MaxMemorySamples)
{
    public static NodeSettings FromConfig(Config config)
    {
        var server = config.GetConfig("server");
        var keyspace = config.GetConfig("keyspace");
        var save = server.GetString("save");
        if (save.Trim().Length != 0)
            throw new ConfigException($"Configuration key 'server.save' at {config.GetOrigin("server.save")} is \"{save}\": save points are not built (SAVE and BGSAVE write the snapshot file); use save = \"\"", "server.save");
        if (server.GetBoolean("appendonly"))
            throw new ConfigException($"Configuration key 'server.appendonly' at {config.GetOrigin("server.appendonly")}: the append-only file is not built yet; use appendonly = no", "server.appendonly");
        var dbFilename = server.GetString("dbfilename");
        if (dbFilename.Length == 0 || Path.GetFileName(dbFilename) != dbFilename)
            throw new ConfigException($"Configuration key 'server.dbfilename' at {config.GetOrigin("server.dbfilename")} must be a plain file name, not \"{dbFilename}\"", "server.dbfilename");
        var port = server.GetInt("port");
        if (port is < 0 or > 65535)
            throw new ConfigException($"Configuration key 'server.port' at {config.GetOrigin("server.port")} must be 0..65535, not {port}", "server.port");
        var bind = server.GetString("bind").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (bind.Length == 0 || bind.Any(a => !System.Net.IPAddress.TryParse(a, out _)))
            throw new ConfigException($"Configuration key 'server.bind' at {config.GetOrigin("server.bind")} must be IP addresses separated by spaces, not \"{server.GetString("bind")}\"", "server.bind");
        var maxClients = server.GetInt("maxclients");
        if (maxClients < 1)
            throw new ConfigException($"Configuration key 'server.maxclients' at {config.GetOrigin("server.maxclients")} must be at least 1, not {maxClients}", "server.maxclients");
        var databases = keyspace.GetInt("databases");
        if (databases is < 1 or > 10_000)
            throw new ConfigException($"Configuration key 'keyspace.databases' at {config.GetOrigin("keyspace.databases")} must be 1..10000, not {databases}", "keyspace.databases");
        EvictionPolicy policy;
        try
        {
            policy = KeyspaceSettings.ParsePolicy(keyspace.GetString("maxmemory-policy"));
        }
        catch (ArgumentException ex)
        {
            throw new ConfigException($"Configuration key 'keyspace.maxmemory-policy' at {config.GetOrigin("keyspace.maxmemory-policy")}: {ex.Message}", "keyspace.maxmemory-policy");
        }
        return new NodeSettings(
            Bind: bind,
            Port: port,
            RequirePass: server.GetString("requirepass"),
            MaxClients: maxClients,
            Dir: server.GetString("dir"),
            DbFilename: dbFilename,
            ProtoMaxBulkLen: server.GetByteSize("proto-max-bulk-len"),
            PidFile: server.GetString("pidfile"),
            LogFile: server.GetString("logfile"),
            Databases: databases,
            MaxMemory: keyspace.GetByteSize("maxmemory"),
            MaxMemoryPolicy: policy,
            MaxMemorySamples: keyspace.GetInt("maxmemory-samples"));
    }
}
