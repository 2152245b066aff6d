using System.Globalization;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Server;
using ActorReplication.Replication.Master;
using ActorReplication.Resp;
using Microsoft.AspNetCore.Connections;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Node.Resp;

/// <summary>
/// A replica's link arrives as a RESP connection, as in Redis: REPLCONF (who it is) is answered here, PSYNC hands the
/// connection to a <see cref="ReplicaLinkActor"/>, which writes the snapshot and the stream to it; this connection's
/// task then only reads the replica's REPLCONF ACKs and tells the link actor when the connection ends.
/// </summary>
public static class ReplicaLinkEndpoint
{
    /// <summary>The PSYNC that starts a link: the replid asked for and the first offset wanted.</summary>
    public sealed record PsyncRequest(string ReplId, long Offset);

    /// <summary>Whether the batch holds a replication command: it then runs in order here (<see cref="ExecuteAsync"/>).</summary>
    public static bool Intercepts(RespRequestBatch requests)
    {
        for (var i = 0; i < requests.Count; i++)
            if (requests[i].Id is CommandId.ReplConf or CommandId.PSync or CommandId.Sync) return true;
        return false;
    }

    /// <summary>
    /// Runs the batch in order: other commands go to the keyspace in segments, REPLCONF is answered here, and an
    /// accepted PSYNC ends the batch (commands behind it are dropped, the connection becomes the link): returned.
    /// </summary>
    public static async Task<PsyncRequest?> ExecuteAsync(NodeRuntime node, RespRequestBatch requests, ClientConnection client, RespWriter reply)
    {
        using var segment = new RespRequestBatch();
        var batch = new ExecuteBatch(segment, client, reply);
        for (var i = 0; i < requests.Count && !client.CloseRequested; i++)
        {
            var command = requests[i];
            if (command.Id is not (CommandId.ReplConf or CommandId.PSync or CommandId.Sync))
            {
                segment.Add(command);
                continue;
            }
            await WaitCommand.RunSegmentAsync(node, segment, batch).ConfigureAwait(false);
            reply.Protocol = client.Protocol;
            client.LastCommand = command.ArgString(0).ToLowerInvariant();
            if (!client.IsAuthenticated)
            {
                reply.WriteError("NOAUTH Authentication required.");
                continue;
            }
            if (command.Id == CommandId.ReplConf) ReplConf(client, command, reply);
            else if (StartPsync(node, command, reply) is { } psync) return psync;
        }
        await WaitCommand.RunSegmentAsync(node, segment, batch).ConfigureAwait(false);
        return null;
    }

    /// <summary>REPLCONF option value [option value ...], as Redis 7 parses it, plus our ar-* options.</summary>
    private static void ReplConf(ClientConnection client, in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount % 2 == 0)
        {
            reply.WriteError("ERR syntax error");
            return;
        }
        var handshake = client.ReplicaHandshake ?? new ReplicaHandshake();
        for (var i = 1; i < command.ArgCount; i += 2)
        {
            var option = command.ArgString(i).ToLowerInvariant();
            var value = command.ArgString(i + 1);
            switch (option)
            {
                case "listening-port":
                case "ar-priority":
                    if (!command.TryGetInt(i + 1, out var number) || number < 0)
                    {
                        reply.WriteError("ERR value is not an integer or out of range");
                        return;
                    }
                    if (option == "listening-port") handshake.ListeningPort = number;
                    else handshake.Priority = number;
                    break;
                case "ar-epoch":
                    if (!command.TryGetLong(i + 1, out var epoch) || epoch < 0)
                    {
                        reply.WriteError("ERR value is not an integer or out of range");
                        return;
                    }
                    handshake.Epoch = epoch;
                    break;
                case "ip-address":
                    handshake.IpAddress = value;
                    break;
                case "capa":
                    handshake.Capabilities.Add(value.ToLowerInvariant());
                    break;
                case "ar-replica-id":
                    handshake.ReplicaId = value;
                    break;
                case "ar-control":
                    handshake.ControlPath = value;
                    break;
                case "ack":
                case "fack":
                case "getack":
                    return; // Redis ignores them from a connection that is not a replica's link, without a reply
                default:
                    reply.WriteError($"ERR Unrecognized REPLCONF option: {Subcommands.Truncate(command.ArgString(i))}");
                    return;
            }
        }
        client.ReplicaHandshake = handshake;
        reply.WriteOk();
    }

    private static PsyncRequest? StartPsync(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        if (command.Id == CommandId.Sync)
        {
            reply.WriteError("ERR SYNC is not served here: replicas send PSYNC replid offset (PSYNC ? -1 for a full sync)");
            return null;
        }
        if (command.ArgCount != 3)
        {
            ReplicationCommands.WrongArity(command, reply);
            return null;
        }
        if (!command.TryGetLong(2, out var offset))
        {
            reply.WriteError("ERR value is not an integer or out of range");
            return null;
        }
        if (node.Replication is null)
        {
            reply.WriteError("ERR replication is not started yet");
            return null;
        }
        return new PsyncRequest(command.ArgString(1), offset);
    }

    /// <summary>
    /// The connection is the link from now on: a <see cref="ReplicaLinkActor"/> writes to it; this task reads the
    /// replica's REPLCONF ACKs until the connection ends, and returns only once the link actor stopped writing.
    /// </summary>
    public static async Task RunLinkAsync(NodeRuntime node, ConnectionContext connection, ClientConnection client, PsyncRequest psync,
        RespRequestParser parser, RespRequestBatch requests)
    {
        var replication = node.Replication!;
        var handshake = client.ReplicaHandshake ?? new ReplicaHandshake();
        client.Flag = 'S';
        client.LastCommand = "psync";
        var replicaId = handshake.ReplicaId ?? $"conn-{client.Id.ToString(CultureInfo.InvariantCulture)}";
        var ip = handshake.IpAddress ?? client.Address[..Math.Max(0, client.Address.LastIndexOf(':'))];
        var auth = client.IsAuthenticated ? node.Settings.RequirePass : string.Empty;
        var conf = new ReplConf(replicaId, ip, handshake.ListeningPort, [.. handshake.Capabilities], auth, handshake.Epoch, handshake.Priority);
        var control = handshake.ControlPath is { Length: > 0 } path ? node.ResolveActorRef(path) : null;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var link = node.System.ActorOf(ReplicaLinkActor.Props(replication.MasterActor, conf, new Psync(psync.ReplId, psync.Offset, replicaId),
            connection.Transport.Output, connection.Abort, control, replication.Settings.SnapshotCreditWindow, stopped));
        var input = connection.Transport.Input;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
                var buffer = read.Buffer;
                parser.Parse(ref buffer, requests);
                input.AdvanceTo(buffer.Start, read.Buffer.End);
                for (var i = 0; i < requests.Count; i++)
                    if (IsAck(requests[i], out var offset)) link.Tell(new Ack(offset), ActorRefs.NoSender);
                requests.Reset();
                if (read.IsCompleted || read.IsCanceled) break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException or RespProtocolException or IOException)
        {
            // The replica went away, or the link was closed from this side (CLIENT KILL, a dropped session).
        }
        finally
        {
            ReplicaLinkActor.ConnectionLost(link);
            await stopped.Task.ConfigureAwait(false);
        }
    }

    /// <summary>REPLCONF ACK offset [FACK offset]: the replica applied the stream up to offset.</summary>
    private static bool IsAck(in RespCommand command, out long offset)
    {
        offset = 0;
        return command.Id == CommandId.ReplConf && command.ArgCount >= 3 && command.ArgEqualsIgnoreCase(1, "ACK"u8) && command.TryGetLong(2, out offset);
    }
}
