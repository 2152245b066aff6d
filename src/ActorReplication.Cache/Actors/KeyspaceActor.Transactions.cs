using System.Buffers;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Transactions;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// MULTI / EXEC / DISCARD / WATCH / UNWATCH as Redis 7.0 has them. Commands after MULTI are checked as Redis checks them
/// before queuing (unknown command, arity, refusals on a replica or without enough replicas: each answers its error and
/// makes EXEC answer EXECABORT), then queued as owned copies. EXEC runs the queue inside this one turn of the keyspace,
/// so no other client's command comes in between, and its effects reach the stream as one MULTI ... EXEC block when
/// there are two or more (a read-only transaction propagates nothing, a single write propagates alone, as in Redis).
/// </summary>
public sealed partial class KeyspaceActor
{
    private static readonly byte[] ExecAbortError = "EXECABORT Transaction discarded because of previous errors."u8.ToArray();
    private const string ExecAbortBecause = "EXECABORT Transaction discarded because of: ";
    private static readonly byte[] MultiFrame = "*1\r\n$5\r\nMULTI\r\n"u8.ToArray();
    private static readonly byte[] ExecFrame = "*1\r\n$4\r\nEXEC\r\n"u8.ToArray();
    private static readonly byte[] SelectFramePrefix = "*2\r\n$6\r\nSELECT\r\n$"u8.ToArray();

    private ArrayBufferWriter<byte> _transactionEffectsBuffer = new(1024);
    private RespWriter? _transactionEffects;

    private static bool IsTransactionCommand(CommandId id) =>
        id is CommandId.Multi or CommandId.Exec or CommandId.Discard or CommandId.Watch or CommandId.Unwatch;

    /// <summary>
    /// Inside MULTI: queues <paramref name="command"/> (+QUEUED) or refuses it (its error, and EXEC will abort).
    /// Returns false for the commands that run at once even inside MULTI (EXEC, DISCARD, MULTI, WATCH, QUIT).
    /// </summary>
    private bool TryQueue(QueuedTransaction transaction, CommandDefinition? definition, IClientState client, in RespCommand command, RespWriter reply)
    {
        var id = command.Id;
        if (IsTransactionCommand(id) && id != CommandId.Unwatch || id == CommandId.Quit) return false;
        var keyspaceCommand = definition is not null && !(definition.Id == CommandId.Debug && IsServerDebug(command));
        if (keyspaceCommand ? !CheckArity(definition!, command, reply)
            : id == CommandId.Unwatch ? !CheckTransactionArity(command, reply) : _server.RejectBeforeAuth(command, reply))
        {
            transaction.Aborted = true;
            return true;
        }
        if (id is CommandId.Save or CommandId.Shutdown or CommandId.Sync or CommandId.PSync)
        {
            // Redis 7.0's no-multi commands.
            reply.WriteError("ERR Command not allowed inside a transaction"u8);
            transaction.Aborted = true;
            return true;
        }
        // Redis's order: out of memory (any command queued while over maxmemory), then the replica's and min-replicas' refusals.
        if (IsOutOfMemory())
        {
            reply.WriteError(Errors.Oom);
            transaction.Aborted = true;
            return true;
        }
        if (keyspaceCommand)
        {
            var replica = _engine.Settings.IsReplica;
            if (replica && !client.Session.IsMasterLink && RefuseOnReplica(definition!, reply)
                || !replica && definition!.IsWrite && RefuseWithoutReplicas(reply))
            {
                transaction.Aborted = true;
                return true;
            }
        }
        transaction.Queue(command, keyspaceCommand && definition!.IsWrite, keyspaceCommand && definition!.IsDenyOom);
        reply.WriteQueued();
        return true;
    }

    private static bool CheckArity(CommandDefinition definition, in RespCommand command, RespWriter reply)
    {
        if (definition.CheckArity(command.ArgCount)) return true;
        reply.WriteError(definition.ArityError);
        return false;
    }

    /// <summary>Over maxmemory even after evicting what the policy allows (evictions reach the stream as DELs).</summary>
    private bool IsOutOfMemory()
    {
        if (_engine.Settings.MaxMemory <= 0 || _engine.EvictIfNeeded(EffectsWriter)) return false;
        return true;
    }

    private bool RefuseWithoutReplicas(RespWriter reply)
    {
        if (_minReplicasOk) return false;
        reply.WriteError(NoReplicasError);
        return true;
    }

    /// <summary>Runs MULTI, EXEC, DISCARD, WATCH or UNWATCH; false for any other command.</summary>
    private bool TryTransactionCommand(IClientState client, in RespCommand command, RespWriter reply, RespWriter? effects)
    {
        var id = command.Id;
        if (!IsTransactionCommand(id)) return false;
        var session = client.Session;
        if (session.Transaction is not null && id == CommandId.Exec && command.ArgCount != 1)
        {
            // A refused EXEC ends the transaction with the refusal (its "ERR " dropped), as Redis 7.0 does.
            EndTransaction(session);
            reply.WriteError(ExecAbortBecause + "wrong number of arguments for 'exec' command");
            return true;
        }
        if (!CheckTransactionArity(command, reply))
        {
            if (session.Transaction is { } open) open.Aborted = true;
            return true;
        }
        switch (id)
        {
            case CommandId.Multi:
                if (session.Transaction is not null)
                {
                    reply.WriteError("ERR MULTI calls can not be nested"u8);
                    break;
                }
                session.Transaction = session.SpareTransaction ?? new QueuedTransaction();
                session.SpareTransaction = null;
                reply.WriteOk();
                break;
            case CommandId.Discard:
                if (session.Transaction is null)
                {
                    reply.WriteError("ERR DISCARD without MULTI"u8);
                    break;
                }
                EndTransaction(session);
                reply.WriteOk();
                break;
            case CommandId.Watch:
                if (session.Transaction is not null)
                {
                    reply.WriteError("ERR WATCH inside MULTI is not allowed"u8);
                    break;
                }
                for (var k = 1; k < command.ArgCount; k++) _engine.Watch(session, command.Arg(k));
                reply.WriteOk();
                break;
            case CommandId.Unwatch:
                _engine.UnwatchAll(session);
                reply.WriteOk();
                break;
            case CommandId.Exec:
                Exec(client, reply, effects);
                break;
        }
        return true;
    }

    private static bool CheckTransactionArity(in RespCommand command, RespWriter reply)
    {
        var ok = command.Id == CommandId.Watch ? command.ArgCount >= 2 : command.ArgCount == 1;
        if (!ok) reply.WriteError($"ERR wrong number of arguments for '{command.ArgString(0).ToLowerInvariant()}' command");
        return ok;
    }

    private void EndTransaction(Keyspace.ClientSession session)
    {
        if (session.Transaction is { } transaction) Recycle(session, transaction);
        session.Transaction = null;
        _engine.UnwatchAll(session);
    }

    private static void Recycle(Keyspace.ClientSession session, QueuedTransaction transaction)
    {
        transaction.Reset();
        session.SpareTransaction = transaction;
    }

    /// <summary>Whether EXEC must wait for paused writes like a write command (its queue holds a write).</summary>
    private static bool ExecWaitsForWrites(IClientState client, in RespCommand command) =>
        command.Id == CommandId.Exec && client.Session.Transaction is { Aborted: false, HasWrites: true } && command.ArgCount == 1;

    private void Exec(IClientState client, RespWriter reply, RespWriter? effects)
    {
        var session = client.Session;
        if (session.Transaction is not { } transaction)
        {
            reply.WriteError("ERR EXEC without MULTI"u8);
            return;
        }
        if (transaction.Aborted)
        {
            EndTransaction(session);
            reply.WriteError(ExecAbortError);
            return;
        }
        if (_engine.IsWatchBroken(session))
        {
            EndTransaction(session);
            reply.WriteNullArray();
            return;
        }
        if (transaction.HasDenyOom && IsOutOfMemory())
        {
            EndTransaction(session);
            reply.WriteError(ExecAbortBecause + "OOM command not allowed when used memory > 'maxmemory'.");
            return;
        }
        if (transaction.HasWrites && RefuseWritingExec(reply))
        {
            EndTransaction(session);
            return;
        }
        // Out of MULTI and unwatched before the queue runs (its commands stay valid until it is recycled below).
        session.Transaction = null;
        _engine.UnwatchAll(session);

        var count = transaction.Count;
        var txEffects = effects is null ? null : _transactionEffects ??= new RespWriter(_transactionEffectsBuffer);
        var effectsBefore = _engine.EffectCount;
        reply.WriteArrayHeader(count);
        for (var k = 0; k < count && !client.CloseRequested; k++)
        {
            var command = transaction[k];
            var definition = CommandTable.Get(command.Id);
            if (command.Id == CommandId.Unwatch)
                TryTransactionCommand(client, command, reply, txEffects);
            else if (definition is not null && !(definition.Id == CommandId.Debug && IsServerDebug(command)))
                _engine.Execute(definition, session, command, reply, txEffects);
            else if (!_server.TryExecute(client, command, reply))
                Keyspace.KeyspaceEngine.WriteUnknownCommand(command, reply);
            reply.Protocol = client.Protocol;
        }
        _stats.CommandsProcessed(count);
        if (effects is not null) AppendTransactionEffects(effects, _engine.EffectCount - effectsBefore);
        Recycle(session, transaction);
    }

    /// <summary>The checks Redis makes again when EXEC holds a write (the node may have become a replica since).</summary>
    private bool RefuseWritingExec(RespWriter reply)
    {
        string? error = null;
        if (_engine.Settings.IsReplica)
        {
            if (!_linkUp && !_serveStale) error = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
            else if (_readOnly) error = "READONLY You can't write against a read only replica.";
        }
        else if (!_minReplicasOk)
        {
            error = "NOREPLICAS Not enough good replicas to write.";
        }
        if (error is null) return false;
        reply.WriteError(ExecAbortBecause + error);
        return true;
    }

    /// <summary>
    /// Moves the transaction's effects to the stream: two or more commands between MULTI and EXEC, with a leading SELECT
    /// kept in front of MULTI (Redis selects the first command's database before the block).
    /// </summary>
    private void AppendTransactionEffects(RespWriter effects, long count)
    {
        var bytes = _transactionEffectsBuffer.WrittenSpan;
        if (count >= 2)
        {
            var select = LeadingSelectLength(bytes);
            effects.WriteRaw(bytes[..select]);
            effects.WriteRaw(MultiFrame);
            effects.WriteRaw(bytes[select..]);
            effects.WriteRaw(ExecFrame);
        }
        else if (bytes.Length > 0)
        {
            effects.WriteRaw(bytes);
        }
        if (_transactionEffectsBuffer.Capacity > EffectsBufferKeep)
        {
            _transactionEffectsBuffer = new ArrayBufferWriter<byte>(1024);
            _transactionEffects = null;
        }
        else
        {
            _transactionEffectsBuffer.ResetWrittenCount();
        }
    }

    // The SELECT the keyspace writes before a command of another database: *2 $6 SELECT $n <digits>.
    private static int LeadingSelectLength(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith(SelectFramePrefix)) return 0;
        var rest = bytes[SelectFramePrefix.Length..];
        var crlf = rest.IndexOf("\r\n"u8);
        var digits = int.Parse(rest[..crlf], provider: System.Globalization.CultureInfo.InvariantCulture);
        return SelectFramePrefix.Length + crlf + 2 + digits + 2;
    }

    private void HandleClientClosed(ClientClosed closed) => EndTransaction(closed.Session);
}
