using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Backlog;

namespace ActorReplication.Replication.Master;

public sealed partial class MasterActor
{
    private ICancelable? _ttlTimer;
    private long _ttlGeneration;

    private sealed record BacklogTtlCheck(long Generation) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Starts a backlog at the current offset and the keyspace's feed. On an origin master this begins a new history
    /// (Redis changes the replid when it creates the backlog): the stream was not recorded before, so no replica can
    /// have continued it.
    /// </summary>
    private void CreateBacklog(bool newHistory)
    {
        if (newHistory) SetIds(ReplicationIds.Rotate(), "backlog created");
        _backlogActive = true;
        _histLen = 0;
        _backlog.Tell(new BacklogProtocol.Create(_backlogSize, _offset, _ids), Self);
        _keyspace.Tell(new KeyspaceReplication.AttachFeed(Self), Self);
        Publish();
    }

    private void ScheduleBacklogTtl()
    {
        _ttlTimer?.Cancel();
        _ttlTimer = null;
        if (_chained || !_backlogActive || _settings.BacklogTtl <= TimeSpan.Zero) return;
        _ttlTimer = Context.System.Scheduler.ScheduleTellOnceCancelable(_settings.BacklogTtl, Self, new BacklogTtlCheck(++_ttlGeneration), Self);
    }

    /// <summary>repl-backlog-ttl: a master without replicas frees its backlog and starts a new replid (Redis replicationCron).</summary>
    private void HandleBacklogTtlCheck(BacklogTtlCheck check)
    {
        if (check.Generation != _ttlGeneration || _sessions.Count > 0 || _chained || !_backlogActive) return;
        _ttlTimer = null;
        _backlogActive = false;
        _histLen = 0;
        _backlog.Tell(BacklogProtocol.Free.Instance, Self);
        _keyspace.Tell(new KeyspaceReplication.AttachFeed(null), Self);
        _log.Info("Replication backlog freed after {Ttl} without replicas", _settings.BacklogTtl);
        SetIds(ReplicationIds.Rotate(), "backlog freed after repl-backlog-ttl");
        Publish();
    }

    /// <summary>
    /// This node now follows a master (REPLICAOF, at this point of the keyspace's order). Its sub-replicas stay
    /// attached: they continue if this node does.
    /// </summary>
    private void HandleDemote()
    {
        _chained = true;
        _minReplicasOk = null; // the keyspace forgets it on a change of mode
        _ttlTimer?.Cancel();
        _ttlTimer = null;
        Publish();
    }

    /// <summary>
    /// A new slave actor's first question: this node's history (replid, offset) is what it will PSYNC with, so a former
    /// master can continue with the replica promoted in its place. It arrives through the keyspace after everything
    /// an earlier link handed over, so the offset counts every complete command applied.
    /// </summary>
    private void HandleGetHistory(MasterProtocol.GetHistory get) =>
        get.ReplyTo.Tell(new MasterProtocol.History(_ids.ReplId, _offset, _backlogActive), Self);

    /// <summary>
    /// REPLICAOF NO ONE reached the stream: Redis shiftReplicationId. The old replid stays valid as replid2 up to this
    /// offset, so siblings (and the old master) that followed it continue here partially. The backlog is kept. Sub-replicas
    /// are disconnected to learn the new replid; they come back with PSYNC and continue.
    /// </summary>
    private void HandlePromote()
    {
        if (!_chained) return;
        _chained = false;
        _minReplicasOk = null;
        SetIds(_ids.Shift(_offset), "promoted to master");
        DisconnectAll(ReplicaDropReason.HistoryChanged, "this replica was promoted: the replication id changed");
        if (_sessions.Count == 0) ScheduleBacklogTtl();
        Publish();
    }

    /// <summary>
    /// This replica loaded its master's snapshot: it takes over the master's replid and offset, starts a fresh backlog
    /// there, and drops its own sub-replicas, whose data belongs to the previous history (they resync in full).
    /// </summary>
    private void HandleDatasetLoaded(MasterProtocol.DatasetLoaded loaded)
    {
        _offset = loaded.Offset;
        SetIds(new ReplicationIds(loaded.ReplId, ReplId.None, -1), "full resynchronization with my master");
        _backlogActive = false;
        CreateBacklog(newHistory: false);
        DisconnectAll(ReplicaDropReason.HistoryChanged, "this replica resynchronized fully with its master");
        Publish();
    }

    /// <summary>See <see cref="MasterProtocol.RestoredFromFile"/>: the file's history, shifted to a new replid for a master.</summary>
    private void HandleRestoredFromFile(MasterProtocol.RestoredFromFile restored)
    {
        HandleDatasetLoaded(new MasterProtocol.DatasetLoaded(restored.ReplId, restored.Offset));
        // A master's writes from here must not pass for another node's continuation of the file's history.
        if (!restored.AsReplica) SetIds(_ids.Shift(_offset), "restarted from the snapshot file as a master");
        Publish();
    }

    /// <summary>This replica's master continued under a new replid: shift ours the same way at this offset.</summary>
    private void HandleReplIdChanged(MasterProtocol.ReplIdChanged changed)
    {
        if (changed.ReplId == _ids.ReplId) return;
        SetIds(_ids.Shift(_offset, changed.ReplId), "my master's replication id changed");
        DisconnectAll(ReplicaDropReason.HistoryChanged, "the replication id changed");
        Publish();
    }

    private void HandleSetBacklogSize(MasterProtocol.SetBacklogSize resize)
    {
        if (resize.Size <= 0) return;
        _backlogSize = Math.Min(resize.Size, Array.MaxLength);
        _histLen = Math.Min(_histLen, _backlogSize);
        _backlog.Tell(new BacklogProtocol.Resize(_backlogSize), Self);
        Publish();
    }

    private void HandleSetMinReplicas(MasterProtocol.SetMinReplicas set)
    {
        _settings = _settings with { MinReplicasToWrite = Math.Max(0, set.ToWrite), MinReplicasMaxLag = set.MaxLag };
        if (_settings.MinReplicasToWrite == 0 && _minReplicasOk == false) _keyspace.Tell(new KeyspaceReplication.SetMinReplicasSatisfied(true), Self);
        if (_settings.MinReplicasToWrite == 0) _minReplicasOk = null;
        HandleCron();
    }

    private void SetIds(ReplicationIds ids, string why)
    {
        _ids = ids;
        _backlog.Tell(new BacklogProtocol.SetIds(ids), Self);
        _log.Info("Replication ids: replid {ReplId} replid2 {ReplId2} second_repl_offset {Second} at offset {Offset} ({Why})",
            ids.ReplId, ids.ReplId2, ids.SecondReplOffset, _offset, why);
        Context.System.EventStream.Publish(new ReplicationEvents.ReplicationIdChanged(ids.ReplId, ids.ReplId2, ids.SecondReplOffset, _offset, why));
    }
}
