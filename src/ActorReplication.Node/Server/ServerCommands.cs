using System.Text;
using ActorReplication.Cache.Actors;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Resp;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>
/// The commands of the server itself: connection (PING, ECHO, QUIT, HELLO, AUTH, CLIENT), introspection
/// (INFO, CONFIG, COMMAND, ROLE, TIME) and SHUTDOWN. Run by the keyspace actor in each client's request order.
/// </summary>
public sealed class ServerCommands(NodeRuntime node) : IServerCommands
{
    private readonly InfoWriter _info = new(node);
    private readonly ConfigCommand _config = new(node);

    public bool RejectBeforeAuth(in RespCommand command, RespWriter reply)
    {
        Subcommands.Definition[]? table = command.Id switch
        {
            CommandId.Client => ClientCommand.Table,
            CommandId.Config => ConfigCommand.Table,
            CommandId.Command => CommandSubcommands,
            CommandId.Member => MembershipCommands.Table,
            _ => null,
        };
        if (table is not null)
            return command.ArgCount < 2
                ? WriteError(reply, $"ERR wrong number of arguments for '{command.ArgString(0).ToLowerInvariant()}' command")
                : Subcommands.Resolve(command, command.ArgString(0).ToLowerInvariant(), table, reply) is null;
        if (ServerCommandArity.TryGetValue(command.Id, out var arity))
            return arity >= 0 ? command.ArgCount != arity && WriteArityError(reply, command) : command.ArgCount < -arity && WriteArityError(reply, command);
        Cache.Keyspace.KeyspaceEngine.WriteUnknownCommand(command, reply);
        return true;
    }

    private static bool WriteArityError(RespWriter reply, in RespCommand command) =>
        WriteError(reply, $"ERR wrong number of arguments for '{command.ArgString(0).ToLowerInvariant()}' command");

    // Redis 7.0's arities of the commands outside the keyspace (MULTI ... UNWATCH run in the keyspace actor), checked
    // before NOAUTH and before a command is queued in MULTI.
    private static readonly Dictionary<CommandId, int> ServerCommandArity = new()
    {
        [CommandId.Ping] = -1, [CommandId.Echo] = 2, [CommandId.Quit] = -1, [CommandId.Auth] = -2, [CommandId.Hello] = -1,
        [CommandId.Info] = -1, [CommandId.Role] = 1, [CommandId.Time] = 1, [CommandId.Debug] = -2, [CommandId.Shutdown] = -1,
        [CommandId.ReplicaOf] = 3, [CommandId.SlaveOf] = 3, [CommandId.Wait] = 3, [CommandId.Failover] = -1, [CommandId.PSync] = -3,
        [CommandId.Sync] = 1, [CommandId.ReplConf] = -1, [CommandId.Save] = 1, [CommandId.BgSave] = -1, [CommandId.LastSave] = 1,
        [CommandId.Multi] = 1, [CommandId.Exec] = 1, [CommandId.Discard] = 1, [CommandId.Watch] = -2, [CommandId.Unwatch] = 1,
    };

    private static bool WriteError(RespWriter reply, string error)
    {
        reply.WriteError(error);
        return true;
    }

    public bool IsAllowedWithoutAuth(in RespCommand command) =>
        command.Id is CommandId.Auth or CommandId.Hello or CommandId.Quit;

    public bool TryExecute(IClientState state, in RespCommand command, RespWriter reply)
    {
        var client = (ClientConnection)state;
        if (ReplicationCommands.TryExecute(node, command, reply)) return true;
        switch (command.Id)
        {
            case CommandId.Ping:
                if (!Arity(command, -1, 2, reply)) return true;
                if (command.ArgCount == 2) reply.WriteBulkString(command.Arg(1));
                else reply.WriteSimpleString("PONG"u8);
                return true;
            case CommandId.Echo:
                if (Arity(command, 2, 2, reply)) reply.WriteBulkString(command.Arg(1));
                return true;
            case CommandId.Quit:
                reply.WriteOk();
                client.RequestClose();
                return true;
            case CommandId.Auth:
                Auth(client, command, reply);
                return true;
            case CommandId.Hello:
                Hello(client, command, reply);
                return true;
            case CommandId.Client:
                ClientCommand.Execute(node, client, command, reply);
                return true;
            case CommandId.Info:
                reply.WriteVerbatim(Encoding.UTF8.GetBytes(_info.Render(command)));
                return true;
            case CommandId.Config:
                _config.Execute(command, reply);
                return true;
            case CommandId.Command:
                CommandCommand(command, reply);
                return true;
            case CommandId.Role:
                if (!Arity(command, 1, 1, reply)) return true;
                ReplicationCommands.Role(node, reply);
                return true;
            case CommandId.Member:
                MembershipCommands.Execute(node, command, reply);
                return true;
            case CommandId.Time:
                if (!Arity(command, 1, 1, reply)) return true;
                var micros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000);
                reply.WriteArrayHeader(2);
                reply.WriteBulkString(micros / 1_000_000);
                reply.WriteBulkString(micros % 1_000_000);
                return true;
            case CommandId.Debug:
                Debug(command, reply);
                return true;
            case CommandId.Shutdown:
                Shutdown(client, command, reply);
                return true;
            case CommandId.Save:
            case CommandId.BgSave:
            case CommandId.LastSave:
                SaveCommands.ExecuteInTurn(node, command, reply);
                return true;
            default:
                return false;
        }
    }

    private static bool Arity(in RespCommand command, int min, int max, RespWriter reply)
    {
        if (command.ArgCount >= Math.Abs(min) && command.ArgCount <= max) return true;
        reply.WriteError($"ERR wrong number of arguments for '{command.ArgString(0).ToLowerInvariant()}' command");
        return false;
    }

    /// <summary>AUTH [user] password, as Redis 7.0 with only the "default" user.</summary>
    private void Auth(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        if (!Arity(command, 2, int.MaxValue, reply)) return;
        if (command.ArgCount > 3)
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        if (command.ArgCount == 2 && node.Settings.RequirePass.Length == 0)
        {
            reply.WriteError("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            return;
        }
        var user = command.ArgCount == 3 ? command.ArgString(1) : "default";
        if (!Authenticate(client, user, command.ArgString(command.ArgCount - 1)))
        {
            reply.WriteError(WrongPass);
            return;
        }
        reply.WriteOk();
    }

    private const string WrongPass = "WRONGPASS invalid username-password pair or user is disabled.";

    /// <summary>The "default" user with requirepass as its password, or with no password when requirepass is empty.</summary>
    private bool Authenticate(ClientConnection client, string user, string password)
    {
        if (user != "default") return false;
        if (node.Settings.RequirePass.Length > 0 && !CryptographicEquals(password, node.Settings.RequirePass)) return false;
        client.IsAuthenticated = true;
        return true;
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>HELLO [protover [AUTH user pass] [SETNAME name]]: switches RESP2/3 and answers the server map.</summary>
    private void Hello(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        var protocol = client.Protocol;
        var i = 1;
        if (command.ArgCount > 1)
        {
            if (!command.TryGetLong(1, out var version))
            {
                reply.WriteError("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (version is not (2 or 3))
            {
                reply.WriteError("NOPROTO unsupported protocol version");
                return;
            }
            protocol = (RespProtocol)version;
            i = 2;
        }
        string? user = null, password = null, name = null;
        for (; i < command.ArgCount; i++)
        {
            var moreArgs = command.ArgCount - 1 - i;
            if (command.ArgEqualsIgnoreCase(i, "AUTH"u8) && moreArgs >= 2)
            {
                user = command.ArgString(i + 1);
                password = command.ArgString(i + 2);
                i += 2;
            }
            else if (command.ArgEqualsIgnoreCase(i, "SETNAME"u8) && moreArgs >= 1)
            {
                name = command.ArgString(++i);
                if (!ClientCommand.IsValidName(name))
                {
                    reply.WriteError("ERR Client names cannot contain spaces, newlines or special characters.");
                    return;
                }
            }
            else
            {
                reply.WriteError($"ERR Syntax error in HELLO option '{Subcommands.Truncate(command.ArgString(i))}'");
                return;
            }
        }
        if (user is not null && !Authenticate(client, user, password!))
        {
            reply.WriteError(WrongPass);
            return;
        }
        if (!client.IsAuthenticated)
        {
            reply.WriteError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return;
        }
        if (name is not null) client.Name = name.Length == 0 ? null : name;
        client.Protocol = protocol;
        reply.Protocol = protocol;
        reply.WriteMapHeader(7);
        reply.WriteBulkString("server"u8);
        reply.WriteBulkString("redis"u8);
        reply.WriteBulkString("version"u8);
        reply.WriteBulkString(NodeRuntime.Version);
        reply.WriteBulkString("proto"u8);
        reply.WriteInteger((int)protocol);
        reply.WriteBulkString("id"u8);
        reply.WriteInteger(client.Id);
        reply.WriteBulkString("mode"u8);
        reply.WriteBulkString("standalone"u8);
        reply.WriteBulkString("role"u8);
        reply.WriteBulkString(node.Replication?.Board.IsReplica == true ? "replica" : "master");
        reply.WriteBulkString("modules"u8);
        reply.WriteArrayHeader(0);
    }

    internal static readonly Subcommands.Definition[] CommandSubcommands =
    [
        new("COUNT", 2),
        new("DOCS", -2),
        new("INFO", -2),
        new("LIST", -2),
        new("GETKEYS", -3),
        new("GETKEYSANDFLAGS", -3),
        new("HELP", 2),
    ];

    /// <summary>The commands this class runs (DEBUG is in the keyspace's table).</summary>
    private static readonly string[] ServerCommandNames =
        ["ping", "echo", "quit", "auth", "hello", "client", "info", "config", "command", "role", "time", "shutdown", "member", "save", "bgsave", "lastsave"];

    /// <summary>
    /// COMMAND COUNT / LIST answer the real command set. COMMAND, COMMAND INFO and COMMAND DOCS answer empty (command
    /// metadata is not built yet), which redis-cli accepts: it then offers no hints.
    /// </summary>
    private static void CommandCommand(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount == 1)
        {
            reply.WriteArrayHeader(0);
            return;
        }
        switch (Subcommands.Resolve(command, "command", CommandSubcommands, reply)?.Name)
        {
            case null:
                return;
            case "COUNT":
                reply.WriteInteger(AllCommandNames().Count);
                return;
            case "LIST":
                if (command.ArgCount != 2)
                {
                    reply.WriteError("ERR syntax error");
                    return;
                }
                var names = AllCommandNames();
                reply.WriteArrayHeader(names.Count);
                foreach (var name in names) reply.WriteBulkString(name);
                return;
            case "DOCS":
                reply.WriteMapHeader(0);
                return;
            case "HELP":
                Subcommands.WriteHelp(reply, "command", ["(no subcommand)", "    Return details about all commands (empty here).", "COUNT", "    Return the total number of commands in this server.", "LIST", "    Return a list of all commands in this server."]);
                return;
            default:
                reply.WriteArrayHeader(0);
                return;
        }
    }

    private static List<string> AllCommandNames() =>
        Cache.Commands.CommandTable.All.Select(d => d.Name).Concat(ServerCommandNames).Concat(ReplicationCommands.Names).Distinct().Order(StringComparer.Ordinal).ToList();

    private static readonly string[] DebugHelp =
    [
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "REMOTE-BLACKHOLE <address>",
        "    Discard everything this node sends to and receives from <address> (tests; needs remoting.fault-injection).",
        "REMOTE-HEAL <address>",
        "    Remove the faults towards <address>.",
    ];

    /// <summary>
    /// The server's DEBUG subcommands (SLEEP, REMOTE-BLACKHOLE, REMOTE-HEAL, HELP); the keyspace runs DIGEST,
    /// DIGEST-VALUE and POPULATE.
    /// </summary>
    private void Debug(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount == 3 && (command.ArgEqualsIgnoreCase(1, "REMOTE-BLACKHOLE"u8) || command.ArgEqualsIgnoreCase(1, "REMOTE-HEAL"u8)))
        {
            RemoteFault(command.ArgEqualsIgnoreCase(1, "REMOTE-BLACKHOLE"u8), command.ArgString(2), reply);
            return;
        }
        if (command.ArgCount == 3 && command.ArgEqualsIgnoreCase(1, "SLEEP"u8))
        {
            // DEBUG SLEEP blocks the server on purpose (Redis does too): it is a test tool for stalls. Like Redis's
            // strtod, the longest numeric prefix counts and anything else is 0; negative sleeps return at once.
            var seconds = ParseDoublePrefix(command.ArgString(2));
            if (seconds > 0) Thread.Sleep(TimeSpan.FromSeconds(Math.Min(seconds, 3600)));
            reply.WriteOk();
            return;
        }
        if (command.ArgCount == 2 && command.ArgEqualsIgnoreCase(1, "HELP"u8))
        {
            Subcommands.WriteHelp(reply, "debug", DebugHelp);
            return;
        }
        reply.WriteError($"ERR unknown subcommand or wrong number of arguments for '{Subcommands.Truncate(command.ArgString(1))}'. Try DEBUG HELP.");
    }

    /// <summary>
    /// Cuts (or heals) this node's Akka.Remote towards one address (Akka's throttler: a black hole both ways), so
    /// real-process tests can partition a cluster. Only with <c>remoting.fault-injection = on</c>: a production node refuses it.
    /// </summary>
    private void RemoteFault(bool blackhole, string address, RespWriter reply)
    {
        if (!node.Remoting.FaultInjection)
        {
            reply.WriteError("ERR remoting fault injection is off (set remoting.fault-injection = on)");
            return;
        }
        if (!Akka.Actor.Address.TryParse(address, out var remote) || remote.HasLocalScope)
        {
            reply.WriteError($"ERR '{Subcommands.Truncate(address)}' is not a remoting address (akka.trttl.tcp://system@host:port)");
            return;
        }
        // The throttler takes the command at once; its completion is not awaited inside the keyspace's turn.
        _ = blackhole ? Membership.ClusterFaults.Blackhole(node.System, remote) : Membership.ClusterFaults.Heal(node.System, remote);
        reply.WriteOk();
    }

    private static readonly System.Text.RegularExpressions.Regex DoublePrefix = new(
        @"^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static double ParseDoublePrefix(string text)
    {
        var match = DoublePrefix.Match(text);
        return match.Success && double.TryParse(match.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : 0;
    }

    /// <summary>SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT], as Redis 7.0: SAVE, or no NOSAVE with save points set, saves first.</summary>
    private void Shutdown(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        bool save = false, noSave = false, abort = false, force = false;
        for (var i = 1; i < command.ArgCount; i++)
        {
            if (command.ArgEqualsIgnoreCase(i, "NOSAVE"u8)) noSave = true;
            else if (command.ArgEqualsIgnoreCase(i, "SAVE"u8)) save = true;
            else if (command.ArgEqualsIgnoreCase(i, "ABORT"u8)) abort = true;
            else if (command.ArgEqualsIgnoreCase(i, "FORCE"u8)) force = true;
            else if (!command.ArgEqualsIgnoreCase(i, "NOW"u8))
            {
                reply.WriteError("ERR syntax error");
                return;
            }
        }
        if ((save && noSave) || (abort && command.ArgCount != 2))
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        if (abort)
        {
            // Shutdown here is immediate: there is never one in progress to abort.
            reply.WriteError("ERR No shutdown in progress.");
            return;
        }
        if (save || (!noSave && node.Saves.Rules.Length > 0))
        {
            // The save walks the keyspace, so it cannot be awaited in this turn: the node stops when it is written.
            SaveCommands.SaveThenShutdown(node, force);
            client.RequestClose();
            return;
        }
        // Like Redis, a successful SHUTDOWN sends no reply: the connection just closes.
        client.RequestClose();
        node.RequestShutdown();
    }
}
