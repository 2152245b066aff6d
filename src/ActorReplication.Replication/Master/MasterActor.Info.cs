using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Info;

namespace ActorReplication.Replication.Master;

public sealed partial class MasterActor
{
    private readonly List<PendingWait> _waits = [];
    private long _waitCounter;
    private bool? _minReplicasOk;

    private sealed record PendingWait(long Id, long Offset, int NumReplicas, IActorRef ReplyTo, ICancelable? Timer) : INoSerializationVerificationNeeded;

    private sealed record WaitTimeout(long Id) : INoSerializationVerificationNeeded;

    private MasterReplicationInfo BuildInfo()
    {
        var now = NowMs;
        var replicas = new List<ConnectedReplica>();
        foreach (var s in _sessions.Values)
            replicas.Add(new ConnectedReplica(s.ReplicaId, s.Ip, s.Port, StateName(s.State), s.AckOffset,
                s.LastAckMs == 0 ? 0 : (now - s.LastAckMs) / 1000));
        return new MasterReplicationInfo(
            replicas, _ids.ReplId, _ids.ReplId2, _offset, _ids.SecondReplOffset,
            _backlogActive, _backlogSize, _backlogActive ? FirstByteOffset : 0, _backlogActive ? _histLen : 0,
            _syncFull, _syncPartialOk, _syncPartialErr, GoodReplicas(now), _settings.MinReplicasToWrite);
    }

    private static string StateName(ReplicaSessionState state) => state switch
    {
        ReplicaSessionState.WaitSnapshotStart or ReplicaSessionState.WaitSnapshotEnd => "wait_bgsave",
        ReplicaSessionState.SendBulk => "send_bulk",
        _ => "online",
    };

    /// <summary>Online replicas that acknowledged within min-replicas-max-lag (Redis's good slaves).</summary>
    private int GoodReplicas(long now)
    {
        var maxLag = (long)_settings.MinReplicasMaxLag.TotalMilliseconds;
        var good = 0;
        foreach (var s in _sessions.Values)
            if (s.State == ReplicaSessionState.Online && s.LastAckMs > 0 && now - s.LastAckMs <= maxLag) good++;
        return good;
    }

    /// <summary>
    /// WAIT: this marker came through the keyspace after the client's writes, so the offset to reach is ours now.
    /// Replicas are asked to acknowledge at once (REPLCONF GETACK).
    /// </summary>
    private void HandleWait(MasterProtocol.WaitForReplicas wait)
    {
        var acked = CountAcked(_offset);
        if (acked >= wait.NumReplicas || wait.NumReplicas <= 0)
        {
            wait.ReplyTo.Tell(new MasterProtocol.WaitResult(acked), Self);
            return;
        }
        var id = ++_waitCounter;
        var timer = wait.Timeout > TimeSpan.Zero
            ? Context.System.Scheduler.ScheduleTellOnceCancelable(wait.Timeout, Self, new WaitTimeout(id), Self)
            : null;
        _waits.Add(new PendingWait(id, _offset, wait.NumReplicas, wait.ReplyTo, timer));
        foreach (var (session, info) in _sessions)
            if (info.State == ReplicaSessionState.Online) session.Tell(ReplicationProtocol.GetAck.Instance, Self);
    }

    private void HandleWaitTimeout(WaitTimeout timeout)
    {
        var index = _waits.FindIndex(w => w.Id == timeout.Id);
        if (index < 0) return;
        var wait = _waits[index];
        _waits.RemoveAt(index);
        wait.ReplyTo.Tell(new MasterProtocol.WaitResult(CountAcked(wait.Offset)), Self);
    }

    private void CheckWaits()
    {
        for (var i = _waits.Count - 1; i >= 0; i--)
        {
            var wait = _waits[i];
            var acked = CountAcked(wait.Offset);
            if (acked < wait.NumReplicas) continue;
            wait.Timer?.Cancel();
            _waits.RemoveAt(i);
            wait.ReplyTo.Tell(new MasterProtocol.WaitResult(acked), Self);
        }
    }

    private int CountAcked(long offset)
    {
        var n = 0;
        foreach (var s in _sessions.Values)
            if (s.State == ReplicaSessionState.Online && s.AckOffset >= offset) n++;
        return n;
    }

    /// <summary>Redis replicationCron's refreshGoodSlavesCount: tells the keyspace whether writes are allowed (min-replicas-to-write).</summary>
    private void HandleCron()
    {
        Publish(); // lag and good-replica counts move with time
        if (_settings.MinReplicasToWrite <= 0 || _chained) return;
        var ok = GoodReplicas(NowMs) >= _settings.MinReplicasToWrite;
        if (_minReplicasOk == ok) return;
        _minReplicasOk = ok;
        _keyspace.Tell(new KeyspaceReplication.SetMinReplicasSatisfied(ok), Self);
    }
}
