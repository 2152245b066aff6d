using ActorReplication.Cache.Keyspace;
using Glob = ActorReplication.Cache.Keyspace.Glob;
using ActorReplication.Node.Hosting;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>CONFIG GET pattern... / SET name value / RESETSTAT for the documented keys, with Redis's names.</summary>
public sealed class ConfigCommand(NodeRuntime node)
{
    private Dictionary<string, string> Values()
    {
        var s = node.Settings;
        var ks = node.Engine.Settings;
        return new Dictionary<string, string>
        {
            ["bind"] = string.Join(' ', s.Bind),
            ["port"] = node.Port.ToString(),
            ["requirepass"] = s.RequirePass,
            ["maxclients"] = s.MaxClients.ToString(),
            ["dir"] = Path.GetFullPath(s.Dir),
            ["databases"] = s.Databases.ToString(),
            ["maxmemory"] = ks.MaxMemory.ToString(),
            ["maxmemory-policy"] = KeyspaceSettings.PolicyName(ks.EvictionPolicy),
            ["maxmemory-samples"] = ks.MaxMemorySamples.ToString(),
            ["proto-max-bulk-len"] = s.ProtoMaxBulkLen.ToString(),
            ["save"] = "",
            ["appendonly"] = "no",
        };
    }

    public void Execute(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount >= 3 && command.ArgEqualsIgnoreCase(1, "GET"u8))
        {
            var values = Values();
            var matches = new List<KeyValuePair<string, string>>();
            for (var i = 2; i < command.ArgCount; i++)
            {
                var pattern = command.ArgString(i).ToLowerInvariant();
                foreach (var pair in values)
                    if (Glob.IsMatch(System.Text.Encoding.UTF8.GetBytes(pattern), System.Text.Encoding.UTF8.GetBytes(pair.Key))
                        && !matches.Contains(pair))
                        matches.Add(pair);
            }
            reply.WriteMapHeader(matches.Count);
            foreach (var (key, value) in matches)
            {
                reply.WriteBulkString(key);
                reply.WriteBulkString(value);
            }
            return;
        }
        if (command.ArgCount == 4 && command.ArgEqualsIgnoreCase(1, "SET"u8))
        {
            Set(command.ArgString(2).ToLowerInvariant(), command.ArgString(3), reply);
            return;
        }
        if (command.ArgCount == 2 && command.ArgEqualsIgnoreCase(1, "RESETSTAT"u8))
        {
            node.Stats.ResetStats();
            node.Engine.Stats.Reset();
            reply.WriteOk();
            return;
        }
        reply.WriteError(command.ArgCount < 2
            ? "ERR wrong number of arguments for 'config' command"
            : $"ERR unknown subcommand or wrong number of arguments for '{command.ArgString(1)}'. Try CONFIG HELP.");
    }

    private void Set(string name, string value, RespWriter reply)
    {
        var ks = node.Engine.Settings;
        try
        {
            switch (name)
            {
                case "maxmemory":
                    ks.MaxMemory = Hocon.Config.ParseString($"v = \"{value}\"").GetByteSize("v");
                    break;
                case "maxmemory-policy":
                    ks.EvictionPolicy = KeyspaceSettings.ParsePolicy(value);
                    break;
                case "maxmemory-samples":
                    ks.MaxMemorySamples = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "save" when value.Trim().Length == 0:
                case "appendonly" when value == "no":
                    break;
                default:
                    reply.WriteError($"ERR Unknown option or number of arguments for CONFIG SET - '{name}'");
                    return;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or Hocon.ConfigException)
        {
            reply.WriteError($"ERR CONFIG SET failed (possibly related to argument '{name}') - argument couldn't be parsed into an integer");
            return;
        }
        reply.WriteOk();
    }
}
