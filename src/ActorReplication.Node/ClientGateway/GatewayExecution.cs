using System.Buffers;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Node.Hosting;
using ActorReplication.Resp;

namespace ActorReplication.Node.ClientGateway;

/// <summary>
/// Runs commands on the keyspace actor the way a RESP connection runs a pipelined batch: the same
/// <see cref="ExecuteBatch"/> message, so replica refusals (READONLY, MASTERDOWN), min-replicas (NOREPLICAS), expiry
/// and the replication stream behave exactly as over RESP. Returns the RESP2 replies' bytes, in order.
/// </summary>
internal static class GatewayExecution
{
    public static async Task<byte[]> RunAsync(KeyspaceDoor keyspace, IReadOnlyList<RespCommand> commands)
    {
        using var requests = new RespRequestBatch(initialDataCapacity: 256, initialRequestCapacity: commands.Count);
        foreach (var command in commands) requests.Add(command);
        var output = new ArrayBufferWriter<byte>(64);
        var batch = new ExecuteBatch(requests, GatewayClientState.Instance, new RespWriter(output));
        var executed = batch.Prepare();
        await keyspace.TellAsync(batch).ConfigureAwait(false);
        await executed.ConfigureAwait(false);
        return output.WrittenSpan.ToArray();
    }
}
