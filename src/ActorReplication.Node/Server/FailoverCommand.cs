using ActorReplication.Node.Hosting;
using ActorReplication.Replication;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>
/// FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds], with Redis 6.2's checks in Redis's order and its
/// error texts. In the keyspace's turn it only reads the board and starts the failover (writes pause at this point of
/// the keyspace's order; <see cref="ReplicationManager.BeginFailover"/>); the hand-over runs in the background and
/// INFO's master_failover_state follows it.
/// </summary>
public static class FailoverCommand
{
    public static void Execute(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        if (node.Replication is not { } replication)
        {
            reply.WriteError("ERR replication is not started yet");
            return;
        }
        if (command.ArgCount == 2 && command.ArgEqualsIgnoreCase(1, "ABORT"u8))
        {
            if (!ReplicationManager.AbortFailoverNow(node.Keyspace, replication.Manager, replication.Board))
                reply.WriteError("ERR No failover in progress.");
            else
                reply.WriteOk();
            return;
        }

        long timeoutMs = 0;
        var force = false;
        string? host = null;
        long port = 0;
        for (var j = 1; j < command.ArgCount; j++)
        {
            if (command.ArgEqualsIgnoreCase(j, "TIMEOUT"u8) && j + 1 < command.ArgCount && timeoutMs == 0)
            {
                if (!command.TryGetLong(j + 1, out timeoutMs))
                {
                    reply.WriteError("ERR value is not an integer or out of range");
                    return;
                }
                if (timeoutMs <= 0)
                {
                    reply.WriteError("ERR FAILOVER timeout must be greater than 0");
                    return;
                }
                j++;
            }
            else if (command.ArgEqualsIgnoreCase(j, "TO"u8) && j + 2 < command.ArgCount && host is null)
            {
                if (!command.TryGetLong(j + 2, out port))
                {
                    reply.WriteError("ERR value is not an integer or out of range");
                    return;
                }
                host = command.ArgString(j + 1);
                j += 2;
            }
            else if (command.ArgEqualsIgnoreCase(j, "FORCE"u8) && !force)
            {
                force = true;
            }
            else
            {
                reply.WriteError("ERR syntax error");
                return;
            }
        }

        var info = replication.Board.Snapshot();
        if (info.FailoverState != FailoverStates.None)
        {
            reply.WriteError("ERR FAILOVER already in progress.");
            return;
        }
        if (info.Replica is not null)
        {
            reply.WriteError("ERR FAILOVER is not valid when server is a replica.");
            return;
        }
        if (info.Master.Replicas.Count == 0)
        {
            reply.WriteError("ERR FAILOVER requires connected replicas.");
            return;
        }
        if (force && (timeoutMs == 0 || host is null))
        {
            reply.WriteError("ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
            return;
        }
        MasterEndpoint? target = null;
        if (host is not null)
        {
            var replica = info.Master.Replicas.FirstOrDefault(r => string.Equals(r.Ip, host, StringComparison.OrdinalIgnoreCase) && r.Port == port);
            if (replica is null)
            {
                reply.WriteError("ERR FAILOVER target HOST and PORT is not a replica.");
                return;
            }
            if (replica.State != "online")
            {
                reply.WriteError("ERR FAILOVER target replica is not online.");
                return;
            }
            target = new MasterEndpoint(host, (int)port);
        }
        if (!ReplicationManager.BeginFailover(node.Keyspace, replication.Manager, replication.Board, target, TimeSpan.FromMilliseconds(timeoutMs), force))
        {
            reply.WriteError("ERR FAILOVER already in progress.");
            return;
        }
        reply.WriteOk();
    }
}
