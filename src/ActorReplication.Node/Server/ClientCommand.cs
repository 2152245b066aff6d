using System.Text;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Resp;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>CLIENT ID / SETNAME / GETNAME / LIST / INFO / KILL / NO-EVICT / SETINFO / PAUSE / UNPAUSE / UNBLOCK / HELP, with Redis 7's arities and errors.</summary>
public static class ClientCommand
{
    internal static readonly Subcommands.Definition[] Table =
    [
        new("ID", 2),
        new("GETNAME", 2),
        new("SETNAME", 3),
        new("INFO", 2),
        new("LIST", -2),
        new("KILL", -3),
        new("NO-EVICT", 3),
        // Redis 7.2's; clients such as redis-py and StackExchange.Redis send it on connect.
        new("SETINFO", 4),
        new("PAUSE", -3),
        new("UNPAUSE", 2),
        new("UNBLOCK", -3),
        new("HELP", 2),
    ];

    private static readonly string[] Help =
    [
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "    * ID <client-id>",
        "      Kill connections by client id.",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "    * ID <client-id> [<client-id> ...]",
        "      Return clients of specified IDs only.",
        "PAUSE <timeout> WRITE",
        "    Suspend clients' write commands for <timeout> milliseconds (reads go on; ALL is not supported here).",
        "UNPAUSE",
        "    Stop the current client pause, resuming the paused writes.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
    ];

    public static void Execute(NodeRuntime node, ClientConnection client, in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount < 2)
        {
            reply.WriteError("ERR wrong number of arguments for 'client' command");
            return;
        }
        var sub = Subcommands.Resolve(command, "client", Table, reply);
        switch (sub?.Name)
        {
            case null:
                return;
            case "ID":
                reply.WriteInteger(client.Id);
                return;
            case "GETNAME":
                if (client.Name is null) reply.WriteNull();
                else reply.WriteBulkString(client.Name);
                return;
            case "SETNAME":
                if (SetName(client, command.ArgString(2), reply)) reply.WriteOk();
                return;
            case "SETINFO":
                SetInfo(client, command, reply);
                return;
            case "INFO":
                reply.WriteVerbatim(Describe(client, client) + "\n");
                return;
            case "LIST":
                List(node, client, command, reply);
                return;
            case "KILL":
                Kill(node, client, command, reply);
                return;
            case "NO-EVICT":
                // Client eviction (maxmemory-clients) is not built: every client is already never evicted.
                if (command.ArgEqualsIgnoreCase(2, "ON"u8) || command.ArgEqualsIgnoreCase(2, "OFF"u8)) reply.WriteOk();
                else reply.WriteError("ERR syntax error");
                return;
            case "PAUSE":
                Pause(node, command, reply);
                return;
            case "UNPAUSE":
                node.Keyspace.Tell(Cache.Actors.KeyspaceReplication.UnpauseClients.Instance, Akka.Actor.ActorRefs.NoSender);
                reply.WriteOk();
                return;
            case "HELP":
                Subcommands.WriteHelp(reply, "client", Help);
                return;
            case "UNBLOCK":
                // The keyspace actor answers CLIENT UNBLOCK id [TIMEOUT|ERROR] (it owns the blocked clients); more
                // arguments come here.
                reply.WriteError($"ERR unknown subcommand or wrong number of arguments for '{Subcommands.Truncate(command.ArgString(1))}'. Try CLIENT HELP.");
                return;
        }
    }

    /// <summary>
    /// CLIENT PAUSE timeout WRITE, in the keyspace's turn (the batch ends after it, so pipelined writes wait): the same
    /// write pause FAILOVER uses — writes wait, reads go on, nothing expires. ALL (Redis's default) is not built.
    /// </summary>
    private static void Pause(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount > 4)
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        if (!command.TryGetLong(2, out var ms))
        {
            reply.WriteError("ERR timeout is not an integer or out of range");
            return;
        }
        if (ms < 0)
        {
            reply.WriteError("ERR timeout is negative");
            return;
        }
        if (command.ArgCount == 4 && !command.ArgEqualsIgnoreCase(3, "WRITE"u8) && !command.ArgEqualsIgnoreCase(3, "ALL"u8))
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        if (command.ArgCount == 3 || command.ArgEqualsIgnoreCase(3, "ALL"u8))
        {
            reply.WriteError("ERR CLIENT PAUSE ALL is not supported here: use CLIENT PAUSE <timeout> WRITE");
            return;
        }
        node.Keyspace.Tell(new Cache.Actors.KeyspaceReplication.PauseClientWrites(TimeSpan.FromMilliseconds(Math.Min(ms, (long)int.MaxValue * 1000))),
            Akka.Actor.ActorRefs.NoSender);
        reply.WriteOk();
    }

    /// <summary>Redis's CLIENT SETNAME / HELLO SETNAME rule: printable ASCII without spaces; empty removes the name.</summary>
    public static bool SetName(ClientConnection client, string name, RespWriter reply)
    {
        if (!IsValidName(name))
        {
            reply.WriteError("ERR Client names cannot contain spaces, newlines or special characters.");
            return false;
        }
        client.Name = name.Length == 0 ? null : name;
        return true;
    }

    public static bool IsValidName(string name) => name.All(c => c is >= '!' and <= '~');

    private static void SetInfo(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        var value = command.ArgString(3);
        if (!IsValidName(value))
        {
            reply.WriteError($"ERR {command.ArgString(2)} cannot contain spaces, newlines or special characters.");
            return;
        }
        if (command.ArgEqualsIgnoreCase(2, "LIB-NAME"u8)) client.LibName = value;
        else if (command.ArgEqualsIgnoreCase(2, "LIB-VER"u8)) client.LibVersion = value;
        else
        {
            reply.WriteError($"ERR Unrecognized option '{Subcommands.Truncate(command.ArgString(2))}'");
            return;
        }
        reply.WriteOk();
    }

    /// <summary>CLIENT LIST [TYPE normal|master|replica|slave|pubsub] | [ID id [id ...]].</summary>
    private static void List(NodeRuntime node, ClientConnection self, in RespCommand command, RespWriter reply)
    {
        IEnumerable<ClientConnection> clients = node.Clients.Snapshot();
        if (command.ArgCount == 4 && command.ArgEqualsIgnoreCase(2, "TYPE"u8))
        {
            var type = command.ArgString(3).ToLowerInvariant();
            if (!IsClientType(type))
            {
                reply.WriteError($"ERR Unknown client type '{command.ArgString(3)}'");
                return;
            }
            if (type == "normal")
            {
                clients = clients.Where(c => c.Flag == 'N');
            }
            else
            {
                // RESP clients are all normal ones; the replication links are listed from the status board.
                var links = new StringBuilder();
                AppendReplicationLinks(node, type, self, links);
                reply.WriteVerbatim(links.ToString());
                return;
            }
        }
        else if (command.ArgCount > 3 && command.ArgEqualsIgnoreCase(2, "ID"u8))
        {
            var ids = new List<long>();
            for (var i = 3; i < command.ArgCount; i++)
            {
                if (!command.TryGetLong(i, out var id))
                {
                    reply.WriteError("ERR Invalid client ID");
                    return;
                }
                ids.Add(id);
            }
            var byId = clients.ToDictionary(c => c.Id);
            clients = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        }
        else if (command.ArgCount != 2)
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        var text = new StringBuilder();
        foreach (var c in clients) text.Append(Describe(c, self)).Append('\n');
        reply.WriteVerbatim(text.ToString());
    }

    /// <summary>
    /// The replication links as Redis lists them: on a master, one <c>flags=S</c> line per attached replica (TYPE
    /// replica|slave); on a replica, the link to its master with <c>flags=M</c> while it is up (TYPE master). Listed from
    /// the replication board (id=0): addr is the replica's announced ip:port (its RESP port) or the master's RESP
    /// address, idle the seconds since its last ack or since the master was last heard. The link's own connection is
    /// also in the plain CLIENT LIST, with flags=S on the master.
    /// </summary>
    private static void AppendReplicationLinks(NodeRuntime node, string type, ClientConnection self, StringBuilder text)
    {
        if (node.Replication is not { } replication || type is "pubsub") return;
        var info = replication.Board.Snapshot();
        if (type is "master")
        {
            if (info.Replica is { LinkUp: true } link)
                text.Append(LinkLine($"{link.MasterHost}:{link.MasterPort}", self.LocalAddress, Math.Max(0, link.MasterLastIoSecondsAgo), 'M', "ping", "(superuser)"));
            return;
        }
        foreach (var replica in info.Master.Replicas)
            text.Append(LinkLine($"{replica.Ip}:{replica.Port}", self.LocalAddress, Math.Max(0, replica.LagSeconds), 'S', "replconf", "default"));
    }

    private static string LinkLine(string address, string? localAddress, long idleSeconds, char flag, string command, string user) =>
        $"id=0 addr={address} laddr={localAddress} fd=-1 name= age=0 idle={idleSeconds} flags={flag} db=0 sub=0 psub=0 ssub=0 multi=-1 " +
        $"qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd={command} user={user} redir=-1 resp=2\n";

    private static bool IsClientType(string lowerCase) => lowerCase is "normal" or "master" or "replica" or "slave" or "pubsub";

    private static string Describe(ClientConnection c, ClientConnection self) =>
        $"id={c.Id} addr={c.Address} laddr={c.LocalAddress} fd=-1 name={c.Name} age={(long)(DateTimeOffset.UtcNow - c.ConnectedAt).TotalSeconds} " +
        $"idle=0 flags={c.Flag} db={c.Session.Db} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll=0 omem=0 tot-mem=0 " +
        $"events=r cmd={(ReferenceEquals(c, self) ? "client|list" : c.LastCommand)} user=default redir=-1 resp={(int)c.Protocol} lib-name={c.LibName} lib-ver={c.LibVersion}";

    /// <summary>
    /// CLIENT KILL addr | CLIENT KILL [ID id] [ADDR addr] [LADDR addr] [TYPE type] [USER user] [SKIPME yes|no], as Redis 7.0:
    /// the old form answers OK or "No such client" and may kill the caller; the new form answers the number killed.
    /// The caller, when killed, gets its reply before the connection closes.
    /// </summary>
    private static void Kill(NodeRuntime node, ClientConnection self, in RespCommand command, RespWriter reply)
    {
        long id = 0;
        string? address = null, localAddress = null, type = null;
        var skipMe = true;
        if (command.ArgCount == 3)
        {
            address = command.ArgString(2);
            skipMe = false;
        }
        else
        {
            for (var i = 2; i < command.ArgCount; i += 2)
            {
                var moreArgs = i + 1 < command.ArgCount;
                if (!moreArgs)
                {
                    reply.WriteError("ERR syntax error");
                    return;
                }
                var value = command.ArgString(i + 1);
                if (command.ArgEqualsIgnoreCase(i, "ID"u8))
                {
                    if (!command.TryGetLong(i + 1, out id) || id < 1)
                    {
                        reply.WriteError("ERR client-id should be greater than 0");
                        return;
                    }
                }
                else if (command.ArgEqualsIgnoreCase(i, "TYPE"u8))
                {
                    type = value.ToLowerInvariant();
                    if (!IsClientType(type))
                    {
                        reply.WriteError($"ERR Unknown client type '{value}'");
                        return;
                    }
                }
                else if (command.ArgEqualsIgnoreCase(i, "ADDR"u8)) address = value;
                else if (command.ArgEqualsIgnoreCase(i, "LADDR"u8)) localAddress = value;
                else if (command.ArgEqualsIgnoreCase(i, "USER"u8))
                {
                    // The only user is "default" until ACLs are built.
                    if (value != "default")
                    {
                        reply.WriteError($"ERR No such user '{value}'");
                        return;
                    }
                }
                else if (command.ArgEqualsIgnoreCase(i, "SKIPME"u8))
                {
                    if (command.ArgEqualsIgnoreCase(i + 1, "YES"u8)) skipMe = true;
                    else if (command.ArgEqualsIgnoreCase(i + 1, "NO"u8)) skipMe = false;
                    else
                    {
                        reply.WriteError("ERR syntax error");
                        return;
                    }
                }
                else
                {
                    reply.WriteError("ERR syntax error");
                    return;
                }
            }
        }

        var killed = 0;
        var killSelf = false;
        // Replication links are not RESP connections: TYPE master|replica|slave closes them (they reconnect and PSYNC).
        if (type is "master" or "replica" or "slave" && address is null && localAddress is null && id == 0)
            killed += ReplicationCommands.KillLinks(node, type, self);
        foreach (var c in node.Clients.Snapshot())
        {
            if (address is not null && c.Address != address) continue;
            if (localAddress is not null && c.LocalAddress != localAddress) continue;
            if (type is not null and not "normal") continue;
            if (type is "normal" && c.Flag != 'N') continue;
            if (id != 0 && c.Id != id) continue;
            var isSelf = ReferenceEquals(c, self);
            if (isSelf && skipMe) continue;
            if (isSelf) killSelf = true;
            else Close(c);
            killed++;
        }

        if (command.ArgCount == 3)
        {
            if (killed == 0)
            {
                reply.WriteError("ERR No such client");
                return;
            }
            reply.WriteOk();
        }
        else
        {
            reply.WriteInteger(killed);
        }
        // Closed after this batch's replies are flushed.
        if (killSelf) self.RequestClose();
    }

    private static void Close(ClientConnection client)
    {
        client.RequestClose();
        client.Connection.Abort();
    }
}
