using System.Diagnostics;
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

    public bool IsAllowedWithoutAuth(in RespCommand command) =>
        command.Id is CommandId.Auth or CommandId.Hello or CommandId.Quit;

    public bool TryExecute(IClientState state, in RespCommand command, RespWriter reply)
    {
        var client = (ClientConnection)state;
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
                reply.WriteArrayHeader(3);
                reply.WriteBulkString("master"u8);
                reply.WriteInteger(0);
                reply.WriteArrayHeader(0);
                return true;
            case CommandId.Time:
                var micros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 + Stopwatch.GetTimestamp() % 1000;
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

    private void Auth(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        if (!Arity(command, 2, 3, reply)) return;
        if (node.Settings.RequirePass.Length == 0)
        {
            reply.WriteError("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
            return;
        }
        var user = command.ArgCount == 3 ? command.ArgString(1) : "default";
        var password = command.ArgString(command.ArgCount - 1);
        if (user == "default" && CryptographicEquals(password, node.Settings.RequirePass))
        {
            client.IsAuthenticated = true;
            reply.WriteOk();
        }
        else
        {
            reply.WriteError("WRONGPASS invalid username-password pair or user is disabled.");
        }
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
        string? name = null;
        for (; i < command.ArgCount; i++)
        {
            if (command.ArgEqualsIgnoreCase(i, "AUTH"u8) && i + 2 < command.ArgCount)
            {
                var user = command.ArgString(i + 1);
                var password = command.ArgString(i + 2);
                if (node.Settings.RequirePass.Length > 0 && !(user == "default" && CryptographicEquals(password, node.Settings.RequirePass)))
                {
                    reply.WriteError("WRONGPASS invalid username-password pair or user is disabled.");
                    return;
                }
                client.IsAuthenticated = true;
                i += 2;
            }
            else if (command.ArgEqualsIgnoreCase(i, "SETNAME"u8) && i + 1 < command.ArgCount)
            {
                name = command.ArgString(++i);
            }
            else
            {
                reply.WriteError($"ERR Syntax error in HELLO option '{command.ArgString(i)}'");
                return;
            }
        }
        if (!client.IsAuthenticated)
        {
            reply.WriteError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
            return;
        }
        if (name is not null) client.Name = name;
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
        reply.WriteBulkString("master"u8);
        reply.WriteBulkString("modules"u8);
        reply.WriteArrayHeader(0);
    }

    /// <summary>COMMAND COUNT / DOCS / plain: enough for redis-cli's start-up and hints.</summary>
    private static void CommandCommand(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount >= 2 && command.ArgEqualsIgnoreCase(1, "COUNT"u8))
            reply.WriteInteger(Cache.Commands.CommandTable.All.Count());
        else if (command.ArgCount >= 2 && command.ArgEqualsIgnoreCase(1, "DOCS"u8))
            reply.WriteMapHeader(0);
        else
            reply.WriteArrayHeader(0);
    }

    private static void Debug(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount == 3 && command.ArgEqualsIgnoreCase(1, "SLEEP"u8) && command.TryGetDouble(2, out var seconds) && seconds >= 0)
        {
            // DEBUG SLEEP blocks the server on purpose (Redis does too): it is a test tool for stalls.
            Thread.Sleep(TimeSpan.FromSeconds(Math.Min(seconds, 3600)));
            reply.WriteOk();
            return;
        }
        reply.WriteError("ERR DEBUG subcommands here: DIGEST, DIGEST-VALUE, POPULATE count [prefix] [size], SLEEP seconds");
    }

    private void Shutdown(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        for (var i = 1; i < command.ArgCount; i++)
        {
            if (command.ArgEqualsIgnoreCase(i, "NOSAVE"u8) || command.ArgEqualsIgnoreCase(i, "SAVE"u8)
                || command.ArgEqualsIgnoreCase(i, "NOW"u8) || command.ArgEqualsIgnoreCase(i, "FORCE"u8)) continue;
            reply.WriteError("ERR syntax error");
            return;
        }
        // Like Redis, a successful SHUTDOWN sends no reply: the connection just closes.
        client.RequestClose();
        node.RequestShutdown();
    }
}
