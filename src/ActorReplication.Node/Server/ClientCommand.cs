using System.Text;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Resp;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>CLIENT ID / SETNAME / GETNAME / LIST / INFO / KILL / SETINFO.</summary>
public static class ClientCommand
{
    public static void Execute(NodeRuntime node, ClientConnection client, in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount < 2)
        {
            reply.WriteError("ERR wrong number of arguments for 'client' command");
            return;
        }
        if (command.ArgEqualsIgnoreCase(1, "ID"u8)) reply.WriteInteger(client.Id);
        else if (command.ArgEqualsIgnoreCase(1, "GETNAME"u8))
        {
            if (client.Name is null) reply.WriteNull();
            else reply.WriteBulkString(client.Name);
        }
        else if (command.ArgEqualsIgnoreCase(1, "SETNAME"u8) && command.ArgCount == 3)
        {
            var name = command.ArgString(2);
            if (name.Any(c => c <= ' ' || c > '~'))
            {
                reply.WriteError("ERR Client names cannot contain spaces, newlines or special characters.");
                return;
            }
            client.Name = name.Length == 0 ? null : name;
            reply.WriteOk();
        }
        else if (command.ArgEqualsIgnoreCase(1, "SETINFO"u8) && command.ArgCount == 4)
        {
            if (command.ArgEqualsIgnoreCase(2, "LIB-NAME"u8)) client.LibName = command.ArgString(3);
            else if (command.ArgEqualsIgnoreCase(2, "LIB-VER"u8)) client.LibVersion = command.ArgString(3);
            else
            {
                reply.WriteError($"ERR Unrecognized option '{command.ArgString(2)}'");
                return;
            }
            reply.WriteOk();
        }
        else if (command.ArgEqualsIgnoreCase(1, "LIST"u8))
        {
            var text = new StringBuilder();
            foreach (var c in node.Clients.Snapshot()) text.Append(Describe(c, client)).Append('\n');
            reply.WriteBulkString(text.ToString());
        }
        else if (command.ArgEqualsIgnoreCase(1, "INFO"u8)) reply.WriteBulkString(Describe(client, client) + "\n");
        else if (command.ArgEqualsIgnoreCase(1, "KILL"u8)) Kill(node, client, command, reply);
        else reply.WriteError($"ERR unknown subcommand or wrong number of arguments for '{command.ArgString(1)}'. Try CLIENT HELP.");
    }

    private static string Describe(ClientConnection c, ClientConnection self) =>
        $"id={c.Id} addr={c.Address} laddr={c.LocalAddress} fd=-1 name={c.Name} age={(long)(DateTimeOffset.UtcNow - c.ConnectedAt).TotalSeconds} " +
        $"idle=0 flags=N db={c.Session.Db} sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll=0 omem=0 tot-mem=0 " +
        $"events=r cmd={(ReferenceEquals(c, self) ? "client|list" : c.LastCommand)} user=default redir=-1 resp={(int)c.Protocol} lib-name={c.LibName} lib-ver={c.LibVersion}";

    /// <summary>CLIENT KILL addr | CLIENT KILL [ID id] [ADDR addr] [TYPE normal|master|replica|slave|pubsub] [SKIPME yes|no].</summary>
    private static void Kill(NodeRuntime node, ClientConnection self, in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount == 3)
        {
            var addr = command.ArgString(2);
            var target = node.Clients.Snapshot().FirstOrDefault(c => c.Address == addr);
            if (target is null)
            {
                reply.WriteError("ERR No such client");
                return;
            }
            Close(target);
            reply.WriteOk();
            return;
        }
        long? id = null;
        string? address = null, type = null;
        var skipMe = true;
        for (var i = 2; i + 1 < command.ArgCount; i += 2)
        {
            var value = command.ArgString(i + 1);
            if (command.ArgEqualsIgnoreCase(i, "ID"u8) && long.TryParse(value, out var parsed)) id = parsed;
            else if (command.ArgEqualsIgnoreCase(i, "ADDR"u8)) address = value;
            else if (command.ArgEqualsIgnoreCase(i, "TYPE"u8)) type = value.ToLowerInvariant();
            else if (command.ArgEqualsIgnoreCase(i, "SKIPME"u8)) skipMe = value.Equals("yes", StringComparison.OrdinalIgnoreCase);
            else
            {
                reply.WriteError("ERR syntax error");
                return;
            }
        }
        if ((command.ArgCount - 2) % 2 != 0)
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        if (type is not null and not ("normal" or "master" or "replica" or "slave" or "pubsub"))
        {
            reply.WriteError($"ERR Unknown client type '{type}'");
            return;
        }
        var killed = 0;
        foreach (var c in node.Clients.Snapshot())
        {
            if (id is { } i && c.Id != i) continue;
            if (address is not null && c.Address != address) continue;
            // Every client here is a normal one until replication adds master/replica links.
            if (type is not null and not "normal") continue;
            if (skipMe && ReferenceEquals(c, self)) continue;
            Close(c);
            killed++;
        }
        reply.WriteInteger(killed);
    }

    private static void Close(ClientConnection client)
    {
        client.RequestClose();
        client.Connection.Abort();
    }
}
