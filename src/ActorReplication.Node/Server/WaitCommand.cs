using ActorReplication.Cache.Actors;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Resp;
using ActorReplication.Resp;

namespace ActorReplication.Node.Server;

/// <summary>
/// WAIT numreplicas timeout, answered without blocking the keyspace. A connection whose batch holds a WAIT runs it
/// here instead of handing the whole batch to the keyspace at once: the commands before the WAIT go to the keyspace as
/// one batch (their replies are written), then the WAIT is asked of the replication manager — which first passes a
/// barrier through the keyspace, so that the writes before it have been fed to the master actor, then lets the master
/// actor count acknowledgements at its offset — and its integer reply is written when it comes (other clients are
/// served meanwhile), then the commands after it continue. So the client's replies stay in request order and nothing
/// waits inside an actor.
/// <para>
/// The same cut serves the commands that change how the keyspace treats the next ones (REPLICAOF/SLAVEOF: read-only,
/// FAILOVER and CLIENT PAUSE: writes paused): they tell the keyspace in their own turn, which it applies after the
/// batch, so a batch ends right after them and the commands pipelined behind see the new mode.
/// </para>
/// </summary>
public static class WaitCommand
{
    private const string ReplicaError =
        "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.";

    /// <summary>
    /// Whether the batch must run in pieces: it holds a WAIT, a mode-changing command with commands behind it, or a
    /// replica's REPLCONF / PSYNC (then <see cref="Resp.ReplicaLinkEndpoint"/> runs it). One pass over the batch serves both.
    /// </summary>
    public static bool Contains(RespRequestBatch requests)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            var id = requests[i].Id;
            if (id is CommandId.Wait or CommandId.Save or CommandId.ReplConf or CommandId.PSync or CommandId.Sync || (ChangesMode(id) && i < requests.Count - 1))
                return true;
        }
        return false;
    }

    private static bool ChangesMode(CommandId id) => id is CommandId.ReplicaOf or CommandId.SlaveOf or CommandId.Failover or CommandId.Client;

    /// <summary>Runs <paramref name="requests"/> in order: keyspace batches between the WAITs, each WAIT awaited here.</summary>
    public static async Task ExecuteAsync(NodeRuntime node, RespRequestBatch requests, ClientConnection client, RespWriter reply, Func<ValueTask> flush, CancellationToken closed)
    {
        using var segment = new RespRequestBatch();
        var batch = new ExecuteBatch(segment, client, reply) { CanBlock = true };
        for (var i = 0; i < requests.Count && !client.CloseRequested; i++)
        {
            if (requests[i].Id is not (CommandId.Wait or CommandId.Save))
            {
                segment.Add(requests[i]);
                if (ChangesMode(requests[i].Id)) await RunSegmentAsync(node, segment, batch, flush, closed).ConfigureAwait(false);
                continue;
            }
            await RunSegmentAsync(node, segment, batch, flush, closed).ConfigureAwait(false);
            if (client.CloseRequested) return;
            if (client.Session.Transaction is not null)
            {
                // Inside MULTI, WAIT and SAVE are queued like any command; EXEC runs their in-turn versions.
                segment.Add(requests[i]);
                continue;
            }
            if (requests[i].Id == CommandId.Save) await SaveAsync(node, client, requests[i], reply).ConfigureAwait(false);
            else await WaitAsync(node, client, requests[i], reply, closed).ConfigureAwait(false);
        }
        await RunSegmentAsync(node, segment, batch, flush, closed).ConfigureAwait(false);
    }

    /// <summary>Runs the commands gathered in <paramref name="segment"/> as one keyspace batch, then empties it.</summary>
    /// <remarks>A blocking command in the segment is waited out here (<see cref="BlockedBatches"/>) when it may block.</remarks>
    internal static async Task RunSegmentAsync(NodeRuntime node, RespRequestBatch segment, ExecuteBatch batch, Func<ValueTask>? flush = null, CancellationToken closed = default)
    {
        if (segment.Count == 0) return;
        var executed = batch.Prepare();
        await node.KeyspaceDoor.TellAsync(batch).ConfigureAwait(false);
        if (await executed.ConfigureAwait(false))
            await BlockedBatches.WaitOutAsync(batch, node.KeyspaceDoor.TellAsync, node.System.Scheduler, flush ?? (static () => default), closed).ConfigureAwait(false);
        segment.Reset();
    }

    // SAVE is awaited the same way: the snapshot walks the keyspace, so it cannot be awaited in the keyspace's turn.
    private static Task SaveAsync(NodeRuntime node, ClientConnection client, RespCommand command, RespWriter reply)
    {
        reply.Protocol = client.Protocol;
        if (client.IsAuthenticated) return SaveCommands.SaveAsync(node, command, reply);
        reply.WriteError("NOAUTH Authentication required.");
        return Task.CompletedTask;
    }

    private static async Task WaitAsync(NodeRuntime node, ClientConnection client, RespCommand command, RespWriter reply, CancellationToken closed)
    {
        reply.Protocol = client.Protocol;
        if (!client.IsAuthenticated && command.ArgCount == 3)
        {
            reply.WriteError("NOAUTH Authentication required.");
            return;
        }
        if (!Validate(node, command, reply, out var numReplicas, out var timeout)) return;
        if (node.Replication is not { } replication)
        {
            reply.WriteInteger(0);
            return;
        }
        long acked;
        try
        {
            acked = await replication.WaitAsync((int)Math.Clamp(numReplicas, int.MinValue, int.MaxValue), timeout, closed).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            return; // the client went away
        }
        reply.WriteInteger(acked);
    }

    /// <summary>Redis 7.0's checks, in its order; false when an error was written.</summary>
    public static bool Validate(NodeRuntime node, in RespCommand command, RespWriter reply, out long numReplicas, out TimeSpan timeout)
    {
        numReplicas = 0;
        timeout = TimeSpan.Zero;
        if (command.ArgCount != 3)
        {
            ReplicationCommands.WrongArity(command, reply);
            return false;
        }
        if (node.Replication?.Board.IsReplica == true)
        {
            reply.WriteError(ReplicaError);
            return false;
        }
        if (!command.TryGetLong(1, out numReplicas))
        {
            reply.WriteError("ERR value is not an integer or out of range");
            return false;
        }
        if (!command.TryGetLong(2, out var ms))
        {
            reply.WriteError("ERR timeout is not an integer or out of range");
            return false;
        }
        if (ms < 0)
        {
            reply.WriteError("ERR timeout is negative");
            return false;
        }
        timeout = TimeSpan.FromMilliseconds(Math.Min(ms, (long)int.MaxValue * 1000));
        return true;
    }

    /// <summary>Replicas whose acknowledged offset has reached the master's offset now (no waiting).</summary>
    public static long AcknowledgedNow(NodeRuntime node)
    {
        if (node.Replication is not { } replication) return 0;
        var info = replication.Board.Snapshot().Master;
        return info.Replicas.Count(r => r.State == "online" && r.Offset >= info.MasterReplOffset);
    }
}
