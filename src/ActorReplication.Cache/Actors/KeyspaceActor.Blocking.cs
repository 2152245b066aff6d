using ActorReplication.Cache.Blocking;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// Blocked clients, as Redis 7.0 keeps them. A blocking command that finds no data parks its client in the engine's
/// <see cref="BlockedKeys"/> and ends the client's batch early (the connection waits, see <see cref="BlockedBatches"/>).
/// After every command, the keys it created while clients wait on them are served: key by key in the order they became
/// ready, each key's clients in the order they blocked, for as long as the key holds data; a served BLMOVE may make
/// its destination ready in turn. A parked client also ends by its timeout, by CLIENT UNBLOCK, by its connection
/// closing, or when this node becomes a replica (-UNBLOCKED, as Redis).
/// </summary>
public sealed partial class KeyspaceActor
{
    private static readonly byte[] UnblockedByClientError = "UNBLOCKED client unblocked via CLIENT UNBLOCK"u8.ToArray();
    private static readonly byte[] UnblockedByRoleError =
        "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)"u8.ToArray();

    /// <summary>Runs a blocking command; true when it parked the client (the batch then stops at it).</summary>
    private bool ExecuteMayPark(ExecuteBatch batch, int index, CommandDefinition definition, in RespCommand command, RespWriter? effects)
    {
        var request = _engine.ExecuteBlocking(definition, batch.Client.Session, command, batch.Reply, effects);
        if (request is null) return false;
        _engine.Blocked.Add(batch, batch.BlockEpisode + 1, batch.Client.Session.Db, request);
        _stats.BlockedClients = _engine.Blocked.Count;
        batch.Block(index, request.TimeoutMs);
        return true;
    }

    /// <summary>Serves the clients waiting on the keys the last command made ready.</summary>
    private void ServeReadyKeys()
    {
        var blocked = _engine.Blocked;
        if (!blocked.HasReadyKeys) return;
        var effects = EffectsWriter;
        while (blocked.TryTakeReady(out var db, out var key))
        {
            var node = blocked.WaitersOf(db, key)?.First;
            while (node is not null)
            {
                var next = node.Next;
                var client = node.Value;
                if (_engine.ServeBlocked(client, key, effects) != KeyspaceEngine.ServeOutcome.NotServed) Release(client);
                node = next;
            }
        }
    }

    /// <summary>A client's timer or its connection's closing (see <see cref="BlockedBatches"/>).</summary>
    private void HandleUnblockClient(UnblockClient unblock)
    {
        if (_engine.Blocked.TryGet(unblock.Batch, out var client) && client.Episode == unblock.Episode) Unblock(client, unblock.Reason);
    }

    private void Unblock(BlockedClient client, UnblockReason reason)
    {
        var reply = client.Batch.Reply;
        reply.Protocol = client.Batch.Client.Protocol;
        if (reason == UnblockReason.Timeout) reply.WriteNullArray();
        else if (reason == UnblockReason.Error) reply.WriteError(UnblockedByClientError);
        Release(client);
    }

    private void Release(BlockedClient client)
    {
        _engine.Blocked.Remove(client);
        _stats.BlockedClients = _engine.Blocked.Count;
        client.Batch.Unblock();
    }

    /// <summary>A master turning replica unblocks every parked client with an error (their keys now follow the master).</summary>
    private void UnblockAllForRoleChange()
    {
        foreach (var client in _engine.Blocked.Clients.ToList())
        {
            client.Batch.Reply.Protocol = client.Batch.Client.Protocol;
            client.Batch.Reply.WriteError(UnblockedByRoleError);
            Release(client);
        }
    }

    private static bool IsClientUnblock(in RespCommand command) =>
        command.Id == CommandId.Client && command.ArgCount is 3 or 4 && command.ArgEqualsIgnoreCase(1, "UNBLOCK"u8);

    /// <summary>CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 when that client was blocked and now is not, else 0.</summary>
    private void ClientUnblock(in RespCommand command, RespWriter reply)
    {
        if (!command.TryGetLong(2, out var id))
        {
            reply.WriteError(Errors.NotInteger);
            return;
        }
        var reason = UnblockReason.Timeout;
        if (command.ArgCount == 4)
        {
            if (command.ArgEqualsIgnoreCase(3, "ERROR"u8)) reason = UnblockReason.Error;
            else if (!command.ArgEqualsIgnoreCase(3, "TIMEOUT"u8))
            {
                reply.WriteError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"u8);
                return;
            }
        }
        foreach (var client in _engine.Blocked.Clients)
        {
            if (client.Batch.Client.Id != id) continue;
            Unblock(client, reason);
            reply.WriteInteger(1);
            return;
        }
        reply.WriteInteger(0);
    }
}
