using ActorReplication.Node.Hosting;
using ActorReplication.Node.Resp;
using ActorReplication.Replication.Replica;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>
/// REPLICAOF / SLAVEOF, ROLE (called from ServerCommands) and WAIT with Redis 7.0's replies and errors, and the replication protocol commands
/// (PSYNC, SYNC, REPLCONF), which the connection serves itself (<see cref="Resp.ReplicaLinkEndpoint"/>). Run in the keyspace's turn: they only read the
/// replication board and tell the replication manager, never wait for it. WAIT's reply depends on replicas, so the
/// connection runs it between keyspace batches instead (<see cref="WaitCommand"/>); the in-turn version below answers
/// at once with what is acknowledged already (it is only reached by callers that bypass the connection).
/// </summary>
public static class ReplicationCommands
{
    /// <summary>For COMMAND LIST / COUNT.</summary>
    public static readonly string[] Names = ["replicaof", "slaveof", "role", "wait", "failover", "psync", "sync", "replconf"];

    public static bool TryExecute(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        switch (command.Id)
        {
            case CommandId.ReplicaOf:
            case CommandId.SlaveOf:
                ReplicaOf(node, command, reply);
                return true;
            case CommandId.Failover:
                FailoverCommand.Execute(node, command, reply);
                return true;
            case CommandId.Wait:
                if (WaitCommand.Validate(node, command, reply, out _, out _)) reply.WriteInteger(WaitCommand.AcknowledgedNow(node));
                return true;
            case CommandId.PSync:
            case CommandId.Sync:
            case CommandId.ReplConf:
                reply.WriteError("ERR replication commands are served by a client connection, not inside a batch that bypasses it");
                return true;
            default:
                return false;
        }
    }

    internal static void WrongArity(in RespCommand command, RespWriter reply) =>
        reply.WriteError($"ERR wrong number of arguments for '{command.ArgString(0).ToLowerInvariant()}' command");

    /// <summary>
    /// REPLICAOF host port | NO ONE, as Redis 7.0: +OK at once, the sync runs in the background. Ours:
    /// REPLICAOF host port FORCE accepts a master that restarted empty (<see cref="Replication.Replica.EmptyMasterGuard"/>),
    /// also the one already followed.
    /// </summary>
    private static void ReplicaOf(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        var force = command.ArgCount == 4 && command.ArgEqualsIgnoreCase(3, "FORCE"u8);
        if (command.ArgCount != 3 && !force)
        {
            WrongArity(command, reply);
            return;
        }
        var replication = node.Replication;
        if (replication is not null && replication.Board.FailoverState != Replication.Info.FailoverStates.None)
        {
            reply.WriteError("ERR REPLICAOF not allowed while failing over.");
            return;
        }
        if (!force && command.ArgEqualsIgnoreCase(1, "NO"u8) && command.ArgEqualsIgnoreCase(2, "ONE"u8))
        {
            replication?.ReplicaOfNoOne();
            reply.WriteOk();
            return;
        }
        if (!command.TryGetLong(2, out var port) || port is < 0 or > 65535)
        {
            reply.WriteError("ERR Invalid master port");
            return;
        }
        if (replication is null)
        {
            reply.WriteError("ERR replication is not started yet");
            return;
        }
        if (!replication.ReplicaOf(new MasterEndpoint(command.ArgString(1), (int)port), force))
        {
            reply.WriteSimpleString("OK Already connected to specified master");
            return;
        }
        reply.WriteOk();
    }

    /// <summary>ROLE: ["master", offset, [[ip, port, offset], ...]] or ["slave", host, port, state, offset].</summary>
    public static void Role(NodeRuntime node, RespWriter reply)
    {
        if (node.Replication is { } replication)
        {
            replication.Board.Snapshot().WriteRole(reply);
            return;
        }
        reply.WriteArrayHeader(3);
        reply.WriteBulkString("master"u8);
        reply.WriteInteger(0);
        reply.WriteArrayHeader(0);
    }

    /// <summary>CLIENT KILL TYPE master|replica|slave: the replication links closed.</summary>
    public static int KillLinks(NodeRuntime node, string type, ClientConnection by) =>
        node.Replication is not { } replication ? 0
        : type == "master" ? replication.KillMasterLink(by.Address)
        : replication.KillReplicas(by.Address);
}
