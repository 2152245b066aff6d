using System.Buffers;
using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Dispatch;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;
using static ActorReplication.Cache.Actors.KeyspaceReplication;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// The only writer of the data: executes each client's batch in order, server commands included, and runs the
/// active expiry cycle on a timer. Runs on the inline dispatcher so an idle keyspace executes a batch on the
/// connection's own I/O thread (no thread hop); under load batches queue and are drained many per turn.
/// <para>
/// Replication (see <see cref="KeyspaceReplication"/>): with a feed sink attached, each batch's effects are collected
/// in one reused buffer and told to the sink once per batch; on a replica the master's stream is applied here and
/// passed on byte for byte; a snapshot walk runs here in slices between batches.
/// </para>
/// </summary>
public sealed partial class KeyspaceActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private const int EffectsBufferKeep = 1 << 20;
    private static readonly byte[] NoAuthError = "NOAUTH Authentication required."u8.ToArray();
    private static readonly byte[] ReadOnlyError = "READONLY You can't write against a read only replica."u8.ToArray();
    private static readonly byte[] NoReplicasError = "NOREPLICAS Not enough good replicas to write."u8.ToArray();
    private static readonly byte[] MasterDownError = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."u8.ToArray();
    private readonly KeyspaceEngine _engine;
    private readonly IServerCommands _server;
    private readonly ServerStats _stats;
    private readonly bool _passwordRequired;
    private ICancelable? _expiryTimer;

    // Effect feed.
    private IActorRef? _sink;
    private long _linkGeneration; // the REPLICAOF whose link may hand over data (KeyspaceReplication.SetLinkGeneration)
    private ArrayBufferWriter<byte> _effectsBuffer = new(4096);
    private readonly RespWriter _effects;

    // Replica mode.
    private readonly ClientSession _masterLink = new() { IsMasterLink = true };
    private readonly RespRequestParser _streamParser = new();
    private readonly RespRequestBatch _streamBatch = new();
    private readonly ArrayBufferWriter<byte> _discardedReplies = new(256);
    private readonly RespWriter _discard;
    private byte[] _streamRemainder = [];
    private readonly List<RespCommand> _streamTransaction = [];
    private long _streamLink;
    private bool _readOnly = true;
    private bool _serveStale = true;
    private bool _linkUp;
    private bool _minReplicasOk = true;
    private byte[]? _writeDenial; // -MISCONF while saving fails

    // Writes paused (FAILOVER, CLIENT PAUSE WRITE): batches stopped at their first write, in arrival order.
    private readonly Queue<(ExecuteBatch Batch, int Next)> _pausedBatches = new();
    private bool _failoverPause;
    private long _clientPauseUntilMs; // scheduler time; 0: no CLIENT PAUSE

    // Snapshot walk.
    private SnapshotWalk? _walk;
    private IActorRef? _walkRequester;

    public sealed class ActiveExpireTick : INoSerializationVerificationNeeded, INotInfluenceReceiveTimeout
    {
        public static readonly ActiveExpireTick Instance = new();
    }

    public KeyspaceActor(KeyspaceEngine engine, IServerCommands server, ServerStats stats, bool passwordRequired, int streamDb = 0)
    {
        _engine = engine;
        _masterLink.Db = streamDb;
        _server = server;
        _stats = stats;
        _passwordRequired = passwordRequired;
        _effects = new RespWriter(_effectsBuffer);
        _discard = new RespWriter(_discardedReplies);
        Receive<ExecuteBatch>(HandleBatch);
        Receive<ClientClosed>(HandleClientClosed);
        Receive<UnblockClient>(HandleUnblockClient);
        Receive<ActiveExpireTick>(_ => HandleActiveExpire());
        Receive<AttachFeed>(HandleAttachFeed);
        Receive<ApplyStream>(HandleApplyStream);
        Receive<Relay>(HandleRelay);
        Receive<SetLinkGeneration>(m => _linkGeneration = Math.Max(_linkGeneration, m.Generation));
        Receive<SetReplicaMode>(HandleSetReplicaMode);
        Receive<SetMasterLinkStatus>(m => _linkUp = m.Up);
        Receive<SetWritesPaused>(HandleSetWritesPaused);
        Receive<PauseClientWrites>(HandlePauseClientWrites);
        Receive<UnpauseClients>(_ =>
        {
            _clientPauseUntilMs = 0;
            UpdateWritePause();
        });
        Receive<ClientPauseCheck>(_ => HandleClientPauseCheck());
        Receive<SetMinReplicasSatisfied>(m => _minReplicasOk = m.Satisfied);
        Receive<SetWriteDenial>(m => _writeDenial = m.Error is null ? null : System.Text.Encoding.UTF8.GetBytes(m.Error));
        Receive<ReplaceDataset>(HandleReplaceDataset);
        Receive<CountKeys>(_ => Sender.Tell(new KeyCount(_engine.TotalKeys), Self));
        Receive<BeginSnapshotWalk>(HandleBeginWalk);
        Receive<ContinueSnapshotWalk>(HandleContinueWalk);
        Receive<AbortSnapshotWalk>(m =>
        {
            if (_walk?.Id == m.WalkId) StopWalk(null);
        });
        Receive<Retire>(_ =>
        {
            // Batches waiting on a write pause finish now (checked anew), rather than never.
            _failoverPause = false;
            _clientPauseUntilMs = 0;
            UpdateWritePause();
            Sender.Tell(new Retired(_masterLink.Db), Self);
            Context.Stop(Self);
        });
    }

    /// <param name="streamDb">The master link's selected database to start from (a keyspace that took over a retired one's engine).</param>
    public static Props Props(KeyspaceEngine engine, IServerCommands server, ServerStats stats, bool passwordRequired, int streamDb = 0) =>
        Akka.Actor.Props.Create(() => new KeyspaceActor(engine, server, stats, passwordRequired, streamDb)).WithDispatcher(KeyspaceDispatcher.Id);

    protected override void PreStart()
    {
        // Redis runs its active expiry cycle at hz = 10.
        _expiryTimer = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), Self, ActiveExpireTick.Instance, Self);
    }

    protected override void PostStop()
    {
        _expiryTimer?.Cancel();
        _walk?.Abort();
    }

    /// <summary>
    /// Like Redis, an unknown command or a wrong arity is reported before NOAUTH; only well-formed commands other
    /// than AUTH, HELLO and QUIT get NOAUTH.
    /// </summary>
    private bool RefuseUnauthenticated(CommandDefinition? definition, in RespCommand command, RespWriter reply)
    {
        if (_server.IsAllowedWithoutAuth(command)) return false;
        if (definition is not null && !(definition.Id == CommandId.Debug && IsServerDebug(command)))
        {
            if (definition.CheckArity(command.ArgCount)) reply.WriteError(NoAuthError);
            else reply.WriteError(definition.ArityError);
        }
        else if (!_server.RejectBeforeAuth(command, reply))
        {
            reply.WriteError(NoAuthError);
        }
        return true;
    }

    /// <summary>Where this batch's effects go: only a master with a feed sink produces them.</summary>
    private RespWriter? EffectsWriter => _sink is not null && !_engine.Settings.IsReplica ? _effects : null;

    private void HandleBatch(ExecuteBatch batch) => Execute(batch, batch.Start);

    /// <summary>
    /// Runs <paramref name="batch"/> from command <paramref name="start"/>. While writes are paused, a client's write
    /// and everything after it wait here (stashed, not refused; the connection awaits the batch) until the pause ends,
    /// then run from that command on with the checks of that moment — after a failover, -READONLY.
    /// </summary>
    private void Execute(ExecuteBatch batch, int start)
    {
        var i = start;
        try
        {
            var requests = batch.Requests;
            var client = batch.Client;
            var reply = batch.Reply;
            var effects = EffectsWriter;
            var replica = _engine.Settings.IsReplica;
            reply.Protocol = client.Protocol;
            for (; i < requests.Count && !client.CloseRequested; i++)
            {
                var command = requests[i];
                var definition = CommandTable.Get(command.Id);
                if (_passwordRequired && !client.IsAuthenticated && RefuseUnauthenticated(definition, command, reply))
                {
                    if (client.Session.Transaction is { } refused) refused.Aborted = true;
                    continue;
                }
                if (client.Session.Transaction is { } transaction && TryQueue(transaction, definition, client, command, reply)) continue;
                if (_engine.Settings.WritesPaused && !client.Session.IsMasterLink && ExecWaitsForWrites(client, command))
                {
                    _stats.CommandsProcessed(i - start);
                    _pausedBatches.Enqueue((batch, i));
                    return;
                }
                if (TryTransactionCommand(client, command, reply, effects))
                {
                    ServeReadyKeys(); // after EXEC: the keys its commands left holding data
                    reply.Protocol = client.Protocol;
                    continue;
                }
                if (definition is not null && !(definition.Id == CommandId.Debug && IsServerDebug(command)))
                {
                    if (replica && !client.Session.IsMasterLink && RefuseOnReplica(definition, reply)) continue;
                    if (_writeDenial is not null && definition.IsWrite && !client.Session.IsMasterLink)
                    {
                        reply.WriteError(_writeDenial);
                        continue;
                    }
                    if (!_minReplicasOk && !replica && definition.IsWrite)
                    {
                        reply.WriteError(NoReplicasError);
                        continue;
                    }
                    if (definition.IsWrite && _engine.Settings.WritesPaused && !client.Session.IsMasterLink)
                    {
                        _stats.CommandsProcessed(i - start);
                        _pausedBatches.Enqueue((batch, i));
                        return;
                    }
                    if (definition.IsBlocking && batch.CanBlock && !client.Session.IsMasterLink)
                    {
                        if (ExecuteMayPark(batch, i, definition, command, effects))
                        {
                            _stats.CommandsProcessed(i + 1 - start);
                            return;
                        }
                    }
                    else
                    {
                        _engine.Execute(definition, client.Session, command, reply, effects);
                    }
                }
                else if (IsClientUnblock(command))
                    ClientUnblock(command, reply);
                else if (!_server.TryExecute(client, command, reply))
                    KeyspaceEngine.WriteUnknownCommand(command, reply);
                ServeReadyKeys();
                reply.Protocol = client.Protocol;
            }
            _stats.CommandsProcessed(i - start);
            batch.Complete();
        }
        catch (Exception ex)
        {
            batch.Fail(ex);
        }
        finally
        {
            FlushEffects();
        }
    }

    /// <summary>FAILOVER's pause starts or ends (CLIENT PAUSE WRITE's is separate: writes wait while either holds).</summary>
    private void HandleSetWritesPaused(SetWritesPaused pause)
    {
        _failoverPause = pause.Paused;
        UpdateWritePause();
    }

    /// <summary>CLIENT PAUSE ms WRITE: until the later of the current and the new end (Redis keeps the longer one).</summary>
    private void HandlePauseClientWrites(PauseClientWrites pause)
    {
        var until = Context.System.Scheduler.Now.ToUnixTimeMilliseconds() + (long)pause.Duration.TotalMilliseconds;
        if (until <= _clientPauseUntilMs) return;
        _clientPauseUntilMs = until;
        Context.System.Scheduler.ScheduleTellOnceCancelable(pause.Duration, Self, ClientPauseCheck.Instance, Self);
        UpdateWritePause();
    }

    private void HandleClientPauseCheck()
    {
        if (_clientPauseUntilMs == 0 || Context.System.Scheduler.Now.ToUnixTimeMilliseconds() < _clientPauseUntilMs) return;
        _clientPauseUntilMs = 0;
        UpdateWritePause();
    }

    /// <summary>When no pause holds any more, the stashed batches continue in the order they stopped, in this turn.</summary>
    private void UpdateWritePause()
    {
        _engine.Settings.WritesPaused = _failoverPause || _clientPauseUntilMs > 0;
        while (!_engine.Settings.WritesPaused && _pausedBatches.TryDequeue(out var paused)) Execute(paused.Batch, paused.Next);
    }

    private sealed class ClientPauseCheck : INoSerializationVerificationNeeded
    {
        public static readonly ClientPauseCheck Instance = new();
    }

    /// <summary>Redis's replica checks: -MASTERDOWN while the link is down without stale reads, -READONLY for writes.</summary>
    private bool RefuseOnReplica(CommandDefinition definition, RespWriter reply)
    {
        if (!_linkUp && !_serveStale)
        {
            reply.WriteError(MasterDownError);
            return true;
        }
        if (_readOnly && definition.IsWrite)
        {
            reply.WriteError(ReadOnlyError);
            return true;
        }
        return false;
    }

    private void HandleActiveExpire()
    {
        _engine.ActiveExpireCycle(EffectsWriter);
        FlushEffects();
        _stats.Sample(_engine.Clock.UnixTimeMilliseconds);
    }

    /// <summary>One Propagate per batch: the bytes are copied once out of the reused buffer.</summary>
    private void FlushEffects()
    {
        if (_effectsBuffer.WrittenCount == 0) return;
        var bytes = _effectsBuffer.WrittenSpan.ToArray();
        if (_effectsBuffer.Capacity > EffectsBufferKeep)
        {
            _effectsBuffer = new ArrayBufferWriter<byte>(4096);
            _effects.Output = _effectsBuffer;
        }
        else
        {
            _effectsBuffer.ResetWrittenCount();
        }
        _sink?.Tell(new Propagate(bytes), Self);
    }

    /// <summary>Whether a message of a replica link comes from a link that a later REPLICAOF replaced.</summary>
    private bool IsFromReplacedLink(long generation, object what)
    {
        if (generation == _linkGeneration) return false;
        _log.Info("Replication: {What} from a replaced master link (generation {Generation}, now {Current}) dropped",
            what is ApplyStream ? "stream bytes" : what, generation, _linkGeneration);
        return true;
    }

    private void HandleRelay(Relay relay)
    {
        if (relay.Generation is { } generation && IsFromReplacedLink(generation, relay.Message)) return;
        (_sink ?? Context.System.DeadLetters).Tell(relay.Message, Self);
    }

    private void HandleAttachFeed(AttachFeed attach)
    {
        _sink = attach.Sink;
        _engine.ResetEffectsDatabase();
    }

    private void HandleSetReplicaMode(SetReplicaMode mode)
    {
        var wasReplica = _engine.Settings.IsReplica;
        _engine.Settings.IsReplica = mode.IsReplica;
        _readOnly = mode.ReadOnly;
        _serveStale = mode.ServeStaleData;
        if (wasReplica == mode.IsReplica) return;
        if (mode.IsReplica) UnblockAllForRoleChange();
        // A new master starts its effects with SELECT. An incomplete command of the stream is kept: a promoted
        // replica still applies what its old link handed over (see ApplyStream), and a new link drops it.
        _engine.ResetEffectsDatabase();
        _linkUp = false;
        _minReplicasOk = true;
    }

    /// <summary>
    /// Applies every complete command in the remainder plus <paramref name="apply"/>'s bytes, then passes the applied
    /// bytes on. Replies are discarded; the master link never treats keys as expired.
    /// </summary>
    private void HandleApplyStream(ApplyStream apply)
    {
        if (IsFromReplacedLink(apply.Generation, apply)) return;
        if (apply.Link != _streamLink)
        {
            // A new link (REPLICAOF another master, or the same one anew) resumes at the last complete command: the
            // start of a command the old link left incomplete would corrupt the new link's first command.
            if (_streamRemainder.Length > 0)
                _log.Warning("Replication stream: {Bytes} bytes of an incomplete command from the previous link dropped", _streamRemainder.Length);
            _streamRemainder = [];
            _streamLink = apply.Link;
        }
        var input = apply.Bytes;
        if (_streamRemainder.Length > 0)
        {
            var joined = new byte[_streamRemainder.Length + input.Length];
            _streamRemainder.CopyTo(joined, 0);
            input.CopyTo(joined, _streamRemainder.Length);
            input = joined;
        }

        var buffer = new ReadOnlySequence<byte>(input);
        long consumed = 0;
        long transactionStart = -1; // where a MULTI whose EXEC has not arrived yet starts in input
        while (!buffer.IsEmpty)
        {
            _streamBatch.Reset();
            var before = buffer.Length;
            try
            {
                _streamParser.Parse(ref buffer, _streamBatch, maxRequests: 256);
            }
            catch (RespProtocolException ex)
            {
                // A master's stream is never malformed unless something is badly wrong: skip it, loudly.
                _log.Error(ex, "Malformed replication stream ({Bytes} bytes dropped)", buffer.Length);
                buffer = default;
            }
            var position = consumed;
            for (var i = 0; i < _streamBatch.Count; i++)
            {
                var command = _streamBatch[i];
                var id = command.Id;
                if (transactionStart >= 0)
                {
                    if (id == CommandId.Exec)
                    {
                        ApplyStreamTransaction();
                        transactionStart = -1;
                    }
                    else if (id == CommandId.Discard) _streamTransaction.Clear();
                    else _streamTransaction.Add(command.ToOwned());
                }
                else if (id == CommandId.Multi) transactionStart = position;
                else ApplyStreamCommand(command);
                position += _streamBatch.GetWireLength(i);
                ServeReadyKeys(); // a writable replica's parked clients are served by the master's pushes, as in Redis
            }
            _discardedReplies.ResetWrittenCount();
            consumed += before - buffer.Length;
            if (before == buffer.Length) break; // an incomplete command: wait for more
        }

        if (transactionStart >= 0)
        {
            // Half a transaction is never applied: it waits, from its MULTI, for the bytes that bring its EXEC.
            _streamTransaction.Clear();
            consumed = transactionStart;
        }
        var applied = consumed == input.Length ? input : input.AsSpan(0, (int)consumed).ToArray();
        _streamRemainder = consumed == input.Length ? [] : input.AsSpan((int)consumed).ToArray();
        if (applied.Length > 0) _sink?.Tell(new Propagate(applied), Self);
    }

    private void ApplyStreamCommand(in RespCommand command)
    {
        var definition = CommandTable.Get(command.Id);
        if (definition is null)
        {
            // A redis-server master pings its replicas through the stream (repl-ping-replica-period): nothing to apply.
            if (command.Id == CommandId.Ping) return;
            _log.Warning("Replication stream: unknown command '{Command}' skipped", command.ArgString(0));
            return;
        }
        _engine.Execute(definition, _masterLink, command, _discard, null);
    }

    /// <summary>A MULTI ... EXEC block of the master's stream, applied in this one turn (no reader sees half of it).</summary>
    private void ApplyStreamTransaction()
    {
        foreach (var command in _streamTransaction) ApplyStreamCommand(command);
        _streamTransaction.Clear();
    }

    private void HandleReplaceDataset(ReplaceDataset replace)
    {
        if (replace.Generation is { } generation && IsFromReplacedLink(generation, "a loaded dataset")) return;
        if (_walk is not null) StopWalk("the dataset was replaced by a full resynchronization");
        _engine.SwapDataset(replace.Loaded);
        _masterLink.Db = replace.StreamDb;
        _streamRemainder = [];
        Sender.Tell(new DatasetReplaced(_engine.TotalKeys), Self);
    }

    private void HandleBeginWalk(BeginSnapshotWalk begin)
    {
        if (_walk is not null) StopWalk("a newer snapshot walk started");
        begin.Walk.Begin(_engine);
        _walk = begin.Walk;
        _walkRequester = Sender;
        // The stream after the snapshot point must say which database it writes to.
        _engine.ResetEffectsDatabase();
        var streamDb = _engine.Settings.IsReplica ? _masterLink.Db : 0;
        (_sink ?? Sender).Tell(new SnapshotWalkStarted(begin.Walk.Id, _engine.DatabaseCount, streamDb, Sender), Self);
    }

    private void HandleContinueWalk(ContinueSnapshotWalk next)
    {
        if (_walk is null || _walk.Id != next.WalkId)
        {
            Sender.Tell(new SnapshotWalkAborted(next.WalkId, "no such snapshot walk is running"), Self);
            return;
        }
        var bytes = _walk.RunSlice(out var done);
        Sender.Tell(new SnapshotWalkData(_walk.Id, bytes, done, _walk.KeysWritten), Self);
        if (done)
        {
            _walk = null;
            _walkRequester = null;
        }
    }

    private void StopWalk(string? reason)
    {
        var walk = _walk!;
        walk.Abort();
        if (reason is not null) _walkRequester?.Tell(new SnapshotWalkAborted(walk.Id, reason), Self);
        _walk = null;
        _walkRequester = null;
    }

    // DEBUG DIGEST, DIGEST-VALUE, POPULATE and SET-ACTIVE-EXPIRE belong to the keyspace; every other subcommand (SLEEP, HELP, the remoting
    // faults, unknown ones) is the server's.
    private static bool IsServerDebug(in RespCommand command) =>
        command.ArgCount >= 2 && !command.ArgEqualsIgnoreCase(1, "DIGEST"u8) && !command.ArgEqualsIgnoreCase(1, "DIGEST-VALUE"u8)
        && !command.ArgEqualsIgnoreCase(1, "POPULATE"u8) && !command.ArgEqualsIgnoreCase(1, "SET-ACTIVE-EXPIRE"u8);
}
