using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Backlog;
using ActorReplication.Replication.Snapshot;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

public sealed partial class MasterActor
{
    private readonly Dictionary<IActorRef, SessionInfo> _sessions = [];
    private readonly Dictionary<string, ReplConf> _replConfs = [];
    private readonly List<IActorRef> _waitingFullSync = [];
    private readonly List<IActorRef> _snapshotSessions = [];
    private readonly Dictionary<string, IActorRef> _saveRequests = [];
    private readonly List<string> _pendingSaves = [];
    private long _firstWaitMs;
    private long? _runningSnapshot;
    private long _snapshotCounter;
    private long _sessionCounter;
    private ICancelable? _snapshotTimer;

    private sealed class SessionInfo(string replicaId, string ip, int port, ReplicaSessionState state, IActorRef replica)
    {
        public string ReplicaId { get; } = replicaId;
        public IActorRef Replica { get; } = replica;
        public string Ip { get; } = ip;
        public int Port { get; } = port;
        public ReplicaSessionState State { get; set; } = state;
        public long AckOffset { get; set; }
        public long LastAckMs { get; set; }

        /// <summary>replica-priority (REPLCONF): which replica FAILOVER prefers among equals.</summary>
        public int Priority { get; init; }
    }

    private sealed record StartPendingSnapshot : INoSerializationVerificationNeeded
    {
        public static readonly StartPendingSnapshot Instance = new();
    }

    /// <summary>REPLCONF: remember who the replica is until its PSYNC; check masterauth against requirepass.</summary>
    private void HandleReplConf(ReplConf conf)
    {
        if (_requirePass.Length > 0 && conf.Auth != _requirePass)
        {
            Sender.Tell(new ReplConfError(conf.Auth.Length == 0 ? "NOAUTH Authentication required." : "WRONGPASS invalid username-password pair or user is disabled."), Self);
            return;
        }
        // Epoch fencing (follow-the-cluster): a replica that knows a newer epoch than this master's has seen this
        // master deposed; it must not take the deposed master's stream.
        if (_board is { } board && conf.Epoch > board.Epoch)
        {
            _log.Warning("Refusing replica {Replica}: it knows topology epoch {ReplicaEpoch}, this node stands for epoch {Epoch} (deposed master)",
                ReplicaName(conf), conf.Epoch, board.Epoch);
            Sender.Tell(new ReplConfError($"STALEEPOCH this master's epoch {board.Epoch} is older than epoch {conf.Epoch} known to the replica"), Self);
            return;
        }
        _replConfs[conf.ReplicaId] = conf;
        Sender.Tell(ReplConfOk.Instance, Self);
    }

    /// <summary>
    /// PSYNC: decide continue or full (<see cref="PsyncDecision"/>), count and report it, and attach a session. The
    /// session joins the fan-out at once: a partial one queues the live stream until the backlog's bytes (read after
    /// everything appended so far) arrive; a full one ignores it until its snapshot's point.
    /// </summary>
    private void HandlePsync(Psync psync)
    {
        if (!_replConfs.Remove(psync.ReplicaId, out var conf))
            conf = new ReplConf(psync.ReplicaId, "?", 0, [], string.Empty, Priority: 0);
        if (_requirePass.Length > 0 && conf.Auth != _requirePass)
        {
            Sender.Tell(new ReplConfError("NOAUTH Authentication required."), Self);
            return;
        }
        foreach (var (existing, info) in _sessions)
            if (info.ReplicaId == psync.ReplicaId)
                existing.Tell(new SessionProtocol.Disconnect(ReplicaDropReason.Reconnected, "the replica opened a new session"), Self);

        var decision = PsyncDecision.Decide(psync.ReplId, psync.Offset, _ids, _backlogActive ? FirstByteOffset : null, _histLen);
        var name = $"replica-{++_sessionCounter}";
        if (decision.Continue)
        {
            _syncPartialOk++;
            var session = StartSession(name, conf, psync.Offset, ReplicaSessionState.WaitBacklog);
            _backlog.Tell(new BacklogProtocol.ReadFrom(psync.Offset, session), Self);
            // Redis's wording (tools grep for it), then our ids.
            _log.Info("Partial resynchronization request from {Replica} accepted. Sending {Bytes} bytes of backlog starting from offset {Offset}. " +
                "(replica id {ReplicaId}, replid {ReplId}, master_repl_offset {MasterReplOffset})",
                ReplicaName(conf), _offset - psync.Offset + 1, psync.Offset, psync.ReplicaId, _ids.ReplId, _offset);
            Context.System.EventStream.Publish(new ReplicationEvents.PartialResyncAccepted(psync.ReplicaId, psync.ReplId, psync.Offset, _ids.ReplId, _offset));
            Publish();
            return;
        }

        var reason = decision.Reason!.Value;
        if (reason != FullSyncReason.FullRequested) _syncPartialErr++;
        _syncFull++;
        if (!_backlogActive) CreateBacklog(newHistory: !_chained);
        var full = StartSession(name, conf, null, ReplicaSessionState.WaitSnapshotStart);
        _log.Warning("{RedisWords} Full resynchronization for replica {ReplicaId} ({Reason}): {Detail}; asked replid {AskedReplId} offset {AskedOffset}, " +
            "have replid {ReplId} replid2 {ReplId2} second_repl_offset {SecondReplOffset}, backlog {First}+{HistLen}",
            [RedisFullSyncWords(reason, ReplicaName(conf), psync), psync.ReplicaId, reason, decision.Detail, psync.ReplId, psync.Offset,
            _ids.ReplId, _ids.ReplId2, _ids.SecondReplOffset, FirstByteOffset, _histLen]);
        Context.System.EventStream.Publish(new ReplicationEvents.FullResyncScheduled(
            psync.ReplicaId, reason, decision.Detail, psync.ReplId, psync.Offset, _ids.ReplId, _ids.ReplId2, _ids.SecondReplOffset, FirstByteOffset, _histLen));
        if (_waitingFullSync.Count == 0) _firstWaitMs = NowMs;
        _waitingFullSync.Add(full);
        StartSnapshotIfDue(timerFired: false);
        Publish();
    }

    private static string ReplicaName(ReplConf conf) => $"{conf.Ip}:{conf.Port}";

    /// <summary>What Redis logs for the same decision, so that tools and people grepping a Redis log find it here too.</summary>
    private static string RedisFullSyncWords(FullSyncReason reason, string replica, Psync psync) => reason switch
    {
        FullSyncReason.FullRequested => $"Full resync requested by replica {replica}.",
        FullSyncReason.ReplIdMismatch => "Partial resynchronization not accepted: Replication ID mismatch.",
        FullSyncReason.SecondIdOffsetExceeded => "Partial resynchronization not accepted: Requested offset for second ID was beyond the switch.",
        _ => $"Unable to partial resync with replica {replica} for lack of backlog (Replica request was: {psync.Offset}).",
    };

    private IActorRef StartSession(string name, ReplConf conf, long? partialFrom, ReplicaSessionState state)
    {
        var session = Context.ActorOf(ReplicaSession.Props(Sender, conf.ReplicaId, _settings, _snapshot, _ids.ReplId, partialFrom), name);
        Context.Watch(session);
        _sessions[session] = new SessionInfo(conf.ReplicaId, conf.Ip, conf.Port, state, Sender) { AckOffset = partialFrom is long p ? p - 1 : 0, Priority = conf.Priority };
        _ttlTimer?.Cancel();
        _ttlTimer = null;
        return session;
    }

    /// <summary>
    /// Diskless sync: the snapshot starts repl-diskless-sync-delay after the first waiting replica arrived (or at once
    /// when repl-diskless-sync-max-replicas are waiting), so replicas arriving in the window share it. One snapshot at a
    /// time: a replica arriving after one started waits for the next.
    /// </summary>
    private void StartSnapshotIfDue(bool timerFired)
    {
        if (timerFired) _snapshotTimer = null;
        if (_runningSnapshot is not null || (_waitingFullSync.Count == 0 && _pendingSaves.Count == 0)) return;
        var waited = NowMs - _firstWaitMs;
        var delay = (long)_settings.DisklessSyncDelay.TotalMilliseconds;
        var enough = _settings.DisklessSyncMaxReplicas > 0 && _waitingFullSync.Count >= _settings.DisklessSyncMaxReplicas;
        if (_waitingFullSync.Count > 0 && waited < delay && !enough)
        {
            _snapshotTimer ??= Context.System.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromMilliseconds(delay - waited), Self, StartPendingSnapshot.Instance, Self);
            return;
        }
        _snapshotTimer?.Cancel();
        _snapshotTimer = null;
        var id = ++_snapshotCounter;
        _runningSnapshot = id;
        _snapshotSessions.Clear();
        _snapshotSessions.AddRange(_waitingFullSync);
        _waitingFullSync.Clear();
        var files = _pendingSaves.ToList();
        _pendingSaves.Clear();
        _log.Info("Starting snapshot {Id} for {Replicas} replicas and {Files} files", id, _snapshotSessions.Count, files.Count);
        _snapshot.Tell(new SnapshotProtocol.Start(id, _snapshotSessions.ToList(), files), Self);
    }

    /// <summary>The keyspace took the snapshot point: everything fed to us so far is in it, so it sits at our offset.</summary>
    private void HandleWalkStarted(KeyspaceReplication.SnapshotWalkStarted started)
    {
        if (_runningSnapshot != started.WalkId) return;
        var header = new SnapshotHeader(_ids.ReplId, _offset, started.Databases, started.StreamDb);
        _snapshot.Tell(new SnapshotProtocol.Point(started.WalkId, header), Self);
        var point = new SessionProtocol.SnapshotPoint(started.WalkId, _ids.ReplId, _offset);
        foreach (var session in _snapshotSessions) session.Tell(point, Self);
        _log.Info("Snapshot {Id} point: replid {ReplId} offset {Offset}", started.WalkId, _ids.ReplId, _offset);
        Context.System.EventStream.Publish(new ReplicationEvents.SnapshotPointTaken(started.WalkId, _snapshotSessions.Count, _ids.ReplId, _offset));
    }

    private void HandleSnapshotFinished(SnapshotProtocol.Finished finished)
    {
        if (_runningSnapshot != finished.Id) return;
        _runningSnapshot = null;
        Context.System.EventStream.Publish(new ReplicationEvents.SnapshotCompleted(finished.Id, finished.Succeeded, finished.Error, finished.Keys, finished.Bytes, finished.KeysWrittenAhead));
        _snapshotSessions.Clear();
        if (_waitingFullSync.Count > 0) _firstWaitMs = Math.Max(_firstWaitMs, NowMs - (long)_settings.DisklessSyncDelay.TotalMilliseconds);
        StartSnapshotIfDue(timerFired: false);
    }

    private void HandleSaveSnapshot(MasterProtocol.SaveSnapshot save)
    {
        var path = Path.GetFullPath(save.Path);
        if (_saveRequests.ContainsKey(path))
        {
            save.ReplyTo.Tell(new SnapshotProtocol.SaveFailed(path, "a save to this file is already in progress"), Self);
            return;
        }
        _saveRequests[path] = save.ReplyTo;
        _pendingSaves.Add(path);
        StartSnapshotIfDue(timerFired: false);
    }

    private void HandleSaved(SnapshotProtocol.Saved saved)
    {
        if (_saveRequests.Remove(saved.Path, out var replyTo)) replyTo.Tell(saved, Self);
    }

    private void HandleSaveFailed(SnapshotProtocol.SaveFailed failed)
    {
        if (_saveRequests.Remove(failed.Path, out var replyTo)) replyTo.Tell(failed, Self);
    }

    private void HandleSessionStatus(SessionProtocol.Status status)
    {
        if (!_sessions.TryGetValue(Sender, out var info)) return;
        info.State = status.State;
        info.AckOffset = status.AckOffset;
        info.LastAckMs = status.LastAckMs;
        CheckWaits();
        CheckFailoverTarget();
        Publish();
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (!_sessions.Remove(terminated.ActorRef)) return;
        _waitingFullSync.Remove(terminated.ActorRef);
        _snapshotSessions.Remove(terminated.ActorRef);
        if (_sessions.Count == 0) ScheduleBacklogTtl();
        Publish();
    }

    /// <summary>
    /// A replica gave up before its session answered it (it sent PSYNC, then stopped or timed out while waiting for
    /// +FULLRESYNC, e.g. during the diskless delay): close the session it would have had, as a closed socket would.
    /// </summary>
    private void HandleReplicaLinkClosed(LinkClosed closed)
    {
        foreach (var (session, info) in _sessions)
            if (info.Replica.Equals(Sender) || info.Replica.Path.ToString() == Sender.Path.ToString())
                session.Tell(new SessionProtocol.Disconnect(ReplicaDropReason.ReplicaGone, "the replica closed the link: " + closed.Reason), Self);
    }

    private void DisconnectAll(ReplicaDropReason reason, string detail)
    {
        foreach (var session in _sessions.Keys) session.Tell(new SessionProtocol.Disconnect(reason, detail), Self);
    }
}
