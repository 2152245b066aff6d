using Akka.Actor;
using Akka.Event;
using ActorReplication.Replication.Backlog;
using ActorReplication.Replication.Snapshot;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

/// <summary>
/// The master's side of one replica's link: Redis's replica client. Its phases follow Redis's replica states —
/// WaitSnapshotStart → WaitSnapshotEnd → SendBulk → Online for a full sync, WaitBacklog → Online for a partial one —
/// and it relays everything the replica gets (snapshot chunks, stream) so the replica sees one ordered link.
/// <para>
/// Its output queue is bounded like Redis's <c>client-output-buffer-limit replica</c>: the stream queued while the
/// snapshot transfers plus, once online, what was sent but not yet acknowledged. Over the hard limit (or the soft one
/// for too long) the replica is dropped; it reconnects and resumes from the backlog when the backlog still covers it.
/// </para>
/// </summary>
public sealed class ReplicaSession : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly IActorRef _replica;
    private readonly string _replicaId;
    private readonly ReplicationSettings _settings;
    private readonly IActorRef _snapshotActor;
    private readonly string _replId;
    private readonly Queue<StreamData> _queue = new();
    private readonly List<StreamData> _queueTail = []; // the newest queued messages, joined into _queue a JoinBytes at a time
    private long _queueTailBytes;
    private readonly List<StreamData> _unflushed = [];
    private bool _flushScheduled;
    private long _queuedBytes;
    private long _sentOffset; // the stream is handed to the link up to here (what waits for the next flush included)
    private long _ackOffset;
    private long _lastHeardMs;
    private long _lastPingMs;
    private long _lastAckMs;
    private long? _softSinceMs;
    private long _snapshotId = -1;
    private ReplicaSessionState _state;
    private ICancelable? _tick;

    /// <param name="partialFrom">The PSYNC offset when a partial resync was accepted; null for a full sync.</param>
    public ReplicaSession(IActorRef replica, string replicaId, ReplicationSettings settings, IActorRef snapshotActor, string replId, long? partialFrom)
    {
        _replica = replica;
        _replicaId = replicaId;
        _settings = settings;
        _snapshotActor = snapshotActor;
        _replId = replId;
        if (partialFrom is long from)
        {
            _sentOffset = _ackOffset = from - 1;
            WaitBacklog(); // the constructor registers the first phase's handlers
        }
        else
        {
            WaitSnapshotStart();
        }
    }

    public static Props Props(IActorRef replica, string replicaId, ReplicationSettings settings, IActorRef snapshotActor, string replId, long? partialFrom) =>
        Akka.Actor.Props.Create(() => new ReplicaSession(replica, replicaId, settings, snapshotActor, replId, partialFrom));

    private long NowMs => Context.System.Scheduler.Now.ToUnixTimeMilliseconds();

    /// <summary>Redis's obuf for a replica: queued stream plus, once online, bytes sent and not yet acknowledged.</summary>
    private long OutputBytes => _queuedBytes + (_state == ReplicaSessionState.Online ? _sentOffset - _ackOffset : 0);

    protected override void PreStart()
    {
        Context.Watch(_replica);
        _lastHeardMs = _lastPingMs = NowMs;
        _tick = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Self, SessionProtocol.Tick.Instance, Self);
        ReportStatus();
    }

    protected override void PostStop() => _tick?.Cancel();

    private void Common()
    {
        Receive<SessionProtocol.Tick>(_ => HandleTick());
        Receive<Ack>(HandleAck);
        Receive<GetAck>(_ =>
        {
            Flush(); // the replica acknowledges what it has: everything up to the point WAIT counts from
            _replica.Tell(GetAck.Instance, Self);
        });
        Receive<SessionProtocol.Disconnect>(m => Drop(m.Reason, m.Detail));
        Receive<LinkClosed>(m => Drop(ReplicaDropReason.ReplicaGone, "the replica closed the link: " + m.Reason, tellReplica: false));
        Receive<Terminated>(m => m.ActorRef.Equals(_replica), _ => Drop(ReplicaDropReason.ReplicaGone, "the replica stopped", tellReplica: false));
    }

    // ---- partial resync ----

    private void WaitBacklog()
    {
        _state = ReplicaSessionState.WaitBacklog;
        Common();
        Receive<StreamData>(Enqueue);
        Receive<BacklogProtocol.Range>(HandleBacklogRange);
        Receive<BacklogProtocol.RangeUnavailable>(m => Drop(ReplicaDropReason.BacklogUnavailable,
            $"the backlog no longer holds offset {m.Offset} (it holds {m.FirstByteOffset}.. {m.HistLen} bytes)"));
    }

    /// <summary>+CONTINUE, then what the replica missed, then what arrived meanwhile: one contiguous stream.</summary>
    private void HandleBacklogRange(BacklogProtocol.Range range)
    {
        _replica.Tell(new Continue(_replId), Self);
        if (range.Bytes.Length > 0)
        {
            foreach (var piece in StreamPieces.Split(range.Offset - 1, range.Bytes)) _replica.Tell(piece, Self);
            _sentOffset = range.Offset - 1 + range.Bytes.Length;
        }
        GoOnline();
    }

    // ---- full resync ----

    private void WaitSnapshotStart()
    {
        _state = ReplicaSessionState.WaitSnapshotStart;
        Common();
        Receive<StreamData>(_ => { }); // before the snapshot point: the snapshot will contain it
        Receive<SessionProtocol.SnapshotPoint>(HandleSnapshotPoint);
        Receive<SnapshotProtocol.Failed>(m => Drop(ReplicaDropReason.SnapshotFailed, "snapshot failed: " + m.Reason));
    }

    private void HandleSnapshotPoint(SessionProtocol.SnapshotPoint point)
    {
        _snapshotId = point.SnapshotId;
        _sentOffset = _ackOffset = point.Offset;
        _replica.Tell(new FullResync(point.ReplId, point.Offset), Self);
        Become(WaitSnapshotEnd);
        ReportStatus();
    }

    private void WaitSnapshotEnd()
    {
        _state = ReplicaSessionState.WaitSnapshotEnd;
        Transfer();
        Receive<SnapshotProtocol.WalkComplete>(_ =>
        {
            Become(SendBulk);
            ReportStatus();
        });
    }

    private void SendBulk()
    {
        _state = ReplicaSessionState.SendBulk;
        Transfer();
        Receive<SnapshotProtocol.WalkComplete>(_ => { });
    }

    private void Transfer()
    {
        Common();
        Receive<StreamData>(Enqueue);
        Receive<Credit>(m =>
        {
            _lastHeardMs = NowMs;
            _snapshotActor.Tell(new SnapshotProtocol.Demand(_snapshotId, m.Chunks), Self);
        });
        Receive<SnapshotChunk>(chunk => _replica.Tell(chunk, Self));
        Receive<SnapshotProtocol.Complete>(m =>
        {
            _replica.Tell(new SnapshotEnd(m.Chunks, m.Bytes), Self);
            GoOnline();
        });
        Receive<SnapshotProtocol.Failed>(m => Drop(ReplicaDropReason.SnapshotFailed, "snapshot failed: " + m.Reason));
    }

    // ---- online ----

    private void GoOnline()
    {
        JoinQueueTail();
        while (_queue.TryDequeue(out var data))
        {
            _queuedBytes -= data.Bytes.Length;
            Send(data);
        }
        Flush();
        _lastHeardMs = NowMs;
        Become(Online);
        ReportStatus();
        CheckOutputLimit();
    }

    private void Online()
    {
        _state = ReplicaSessionState.Online;
        Common();
        Receive<StreamData>(data =>
        {
            Send(data);
            CheckOutputLimit();
        });
        Receive<FlushStream>(_ => Flush());
    }

    /// <summary>
    /// Takes the next stream message for the replica. It goes out at the next <see cref="Flush"/>, which this session
    /// tells itself: every stream message already in the mailbox by then is joined with it into one message
    /// (<see cref="StreamPieces.Coalesce"/>), so under load the replica gets, applies and acknowledges bigger batches,
    /// and an idle link still sends each batch after one mailbox hop.
    /// </summary>
    private void Send(StreamData data)
    {
        if (data.Offset < _sentOffset) return; // already covered by the backlog range
        if (data.Offset != _sentOffset)
        {
            Drop(ReplicaDropReason.BacklogUnavailable, $"stream gap: at offset {_sentOffset}, next data starts at {data.Offset}");
            return;
        }
        if (data.Bytes.Length == 0) return;
        _unflushed.Add(data);
        _sentOffset = data.Offset + data.Bytes.Length;
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            Self.Tell(FlushStream.Instance, Self);
        }
    }

    /// <summary>Sends what <see cref="Send"/> took, joined; before anything else that must follow it on the link.</summary>
    private void Flush()
    {
        _flushScheduled = false;
        if (_unflushed.Count == 0) return;
        foreach (var message in StreamPieces.Coalesce(_unflushed)) _replica.Tell(message, Self);
        _unflushed.Clear();
    }

    private sealed class FlushStream : INoSerializationVerificationNeeded
    {
        public static readonly FlushStream Instance = new();
    }

    private void Enqueue(StreamData data)
    {
        // A full sync can last long under writes: one small message per batch would cost more in object headers than
        // in stream bytes, so the queue keeps them joined.
        if (_queueTailBytes + data.Bytes.Length > StreamPieces.JoinBytes) JoinQueueTail();
        _queueTail.Add(data);
        _queueTailBytes += data.Bytes.Length;
        _queuedBytes += data.Bytes.Length;
        CheckOutputLimit();
    }

    private void JoinQueueTail()
    {
        if (_queueTail.Count == 0) return;
        // Before the snapshot point (WaitBacklog aside) the stream is not queued, so the tail is contiguous.
        foreach (var joined in StreamPieces.Coalesce(_queueTail)) _queue.Enqueue(joined);
        _queueTail.Clear();
        _queueTailBytes = 0;
    }

    private void HandleAck(Ack ack)
    {
        _lastHeardMs = _lastAckMs = NowMs;
        if (ack.Offset > _ackOffset) _ackOffset = Math.Min(ack.Offset, _sentOffset);
        ReportStatus();
        CheckOutputLimit();
    }

    private void HandleTick()
    {
        var now = NowMs;
        if (now - _lastPingMs >= (long)_settings.PingReplicaPeriod.TotalMilliseconds)
        {
            _lastPingMs = now;
            // Online, the keepalive is an empty StreamData at the offset sent so far: it moves no offset, and a replica
            // that lost stream messages on the way (at most once across nodes) sees the gap even on an idle link.
            if (_state == ReplicaSessionState.Online)
            {
                Flush();
                _replica.Tell(new StreamData(_sentOffset, []), Self);
            }
            else _replica.Tell(Ping.Instance, Self);
        }
        var timed = _state is ReplicaSessionState.Online or ReplicaSessionState.WaitSnapshotEnd or ReplicaSessionState.SendBulk;
        if (timed && now - _lastHeardMs > (long)_settings.Timeout.TotalMilliseconds)
        {
            Drop(ReplicaDropReason.Timeout, $"timeout: nothing from the replica for {(now - _lastHeardMs) / 1000} seconds (repl-timeout {_settings.Timeout.TotalSeconds}s)");
            return;
        }
        CheckOutputLimit();
    }

    private void CheckOutputLimit()
    {
        var used = OutputBytes;
        if (_settings.OutputBufferHardLimit > 0 && used > _settings.OutputBufferHardLimit)
        {
            Drop(ReplicaDropReason.OutputBufferHardLimit, $"output buffer of {used} bytes over the hard limit of {_settings.OutputBufferHardLimit}");
            return;
        }
        if (_settings.OutputBufferSoftLimit > 0 && used > _settings.OutputBufferSoftLimit)
        {
            var now = NowMs;
            _softSinceMs ??= now;
            if (now - _softSinceMs >= (long)_settings.OutputBufferSoftSeconds.TotalMilliseconds)
                Drop(ReplicaDropReason.OutputBufferSoftLimit, $"output buffer of {used} bytes over the soft limit of {_settings.OutputBufferSoftLimit} for {(now - _softSinceMs) / 1000} seconds");
        }
        else
        {
            _softSinceMs = null;
        }
    }

    private void ReportStatus() => Context.Parent.Tell(new SessionProtocol.Status(_state, _ackOffset, _lastAckMs), Self);

    private void Drop(ReplicaDropReason reason, string detail, bool tellReplica = true)
    {
        if (tellReplica) _replica.Tell(new LinkClosed(detail), Self);
        _log.Warning("Replica {ReplicaId} dropped ({Reason}): {Detail}", _replicaId, reason, detail);
        Context.System.EventStream.Publish(new ReplicationEvents.ReplicaDropped(_replicaId, reason, detail));
        Become(() => { }); // deaf until stopped
        Context.Stop(Self);
    }
}
