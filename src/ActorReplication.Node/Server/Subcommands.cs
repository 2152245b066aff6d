using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>
/// Redis's handling of container commands (CLIENT, CONFIG, COMMAND, DEBUG): the subcommand is looked up first
/// (<c>unknown subcommand 'x'. Try CLIENT HELP.</c>), then its own arity is checked
/// (<c>wrong number of arguments for 'client|setname' command</c>), then it runs.
/// </summary>
public static class Subcommands
{
    /// <summary>A subcommand and its Redis arity: n is exactly n arguments (command name included), -n is at least n.</summary>
    public sealed record Definition(string Name, int Arity);

    /// <summary>
    /// Finds <c>argv[1]</c> among <paramref name="table"/> and checks its arity; on failure writes Redis's error and
    /// returns null. <paramref name="container"/> is the command name in lower case (<c>client</c>).
    /// </summary>
    public static Definition? Resolve(in RespCommand command, string container, IReadOnlyList<Definition> table, RespWriter reply)
    {
        var name = command.ArgString(1);
        Definition? found = null;
        foreach (var definition in table)
        {
            if (string.Equals(definition.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = definition;
                break;
            }
        }
        if (found is null)
        {
            reply.WriteError($"ERR unknown subcommand '{Truncate(name)}'. Try {container.ToUpperInvariant()} HELP.");
            return null;
        }
        var arity = found.Arity;
        if ((arity > 0 && command.ArgCount != arity) || (arity < 0 && command.ArgCount < -arity))
        {
            reply.WriteError($"ERR wrong number of arguments for '{container}|{found.Name.ToLowerInvariant()}' command");
            return null;
        }
        return found;
    }

    /// <summary>Redis's help reply: an array of status lines, the first a usage line and the last HELP.</summary>
    public static void WriteHelp(RespWriter reply, string container, IReadOnlyList<string> lines)
    {
        reply.WriteArrayHeader(lines.Count + 3);
        reply.WriteSimpleString($"{container.ToUpperInvariant()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        foreach (var line in lines) reply.WriteSimpleString(line);
        reply.WriteSimpleString("HELP");
        reply.WriteSimpleString("    Prints this help.");
    }

    /// <summary>Redis prints at most 128 bytes of a client's argument in an error.</summary>
    public static string Truncate(string s) => s.Length > 128 ? s[..128] : s;
}
