using System.Buffers;
using System.IO.Pipelines;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Server;
using ActorReplication.Resp;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Resp;

/// <summary>
/// One RESP client: parse every complete request in the read buffer into one batch, hand the batch to the
/// keyspace actor as one message, and flush its replies once. Malformed input gets Redis's protocol error and
/// the connection closes; other clients are not affected.
/// </summary>
public sealed class RespConnectionHandler(NodeRuntime node, ILogger<RespConnectionHandler> log) : ConnectionHandler
{
    private static readonly byte[] MaxClientsError = "-ERR max number of clients reached\r\n"u8.ToArray();

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        node.Stats.ConnectionReceived();
        var client = new ClientConnection(node.Clients.NextId(), connection, authenticated: node.Settings.RequirePass.Length == 0);
        if (!node.Clients.TryAdd(client, node.MaxClients))
        {
            node.Stats.ConnectionRejected();
            await output.WriteAsync(MaxClientsError);
            return;
        }
        using var requests = new RespRequestBatch();
        // Like Redis 7, any multibulk count up to int.MaxValue is accepted; arguments are only stored as they arrive.
        var parser = new RespRequestParser { MaxBulkLength = node.Settings.ProtoMaxBulkLen, MaxMultibulkLength = int.MaxValue, ConsumesIncompleteRequests = true };
        var batch = new ExecuteBatch(requests, client, new RespWriter(output)) { CanBlock = true };
        Func<ValueTask> flushReplies = async () => await output.FlushAsync();
        Func<object, ValueTask> tellKeyspace = node.KeyspaceDoor.TellAsync;
        try
        {
            await node.Started.WaitAsync(connection.ConnectionClosed);
            while (!client.CloseRequested)
            {
                var read = await input.ReadAsync(connection.ConnectionClosed);
                var buffer = read.Buffer;
                parser.Unauthenticated = !client.IsAuthenticated;
                RespProtocolException? protocolError = null;
                try
                {
                    parser.Parse(ref buffer, requests);
                }
                catch (RespProtocolException ex)
                {
                    protocolError = ex;
                }
                input.AdvanceTo(buffer.Start, read.Buffer.End);

                // WAIT waits for replicas: such a batch runs in pieces, WAIT awaited here, never inside the keyspace.
                // A replica's REPLCONF and PSYNC run in pieces too; after PSYNC the connection is the replication link.
                if (requests.Count > 0 && WaitCommand.Contains(requests))
                {
                    if (ReplicaLinkEndpoint.Intercepts(requests))
                    {
                        var psync = await ReplicaLinkEndpoint.ExecuteAsync(node, requests, client, batch.Reply);
                        requests.Reset();
                        if (psync is not null)
                        {
                            await output.FlushAsync();
                            await ReplicaLinkEndpoint.RunLinkAsync(node, connection, client, psync, parser, requests);
                            break;
                        }
                    }
                    else
                    {
                        await WaitCommand.ExecuteAsync(node, requests, client, batch.Reply, flushReplies, connection.ConnectionClosed);
                        requests.Reset();
                    }
                }
                if (requests.Count > 0)
                {
                    var executed = batch.Prepare();
                    await node.KeyspaceDoor.TellAsync(batch);
                    if (await executed) await BlockedBatches.WaitOutAsync(batch, tellKeyspace, node.System.Scheduler, flushReplies, connection.ConnectionClosed);
                    requests.Reset();
                }
                if (protocolError is not null)
                {
                    batch.Reply.WriteError("ERR " + protocolError.Message);
                    await output.FlushAsync();
                    log.LogDebug("Closing client {Addr}: {Error}", client.Address, protocolError.Message);
                    break;
                }
                var flush = await output.FlushAsync();
                if (read.IsCompleted || read.IsCanceled || flush.IsCompleted) break;
            }
        }
        catch (OperationCanceledException)
        {
            // The connection was closed or aborted (CLIENT KILL, shutdown).
        }
        catch (ConnectionResetException)
        {
        }
        finally
        {
            node.Clients.Remove(client);
            if (client.Session.HasWatches) node.Keyspace.Tell(new ClientClosed(client.Session), ActorRefs.NoSender);
        }
    }
}
