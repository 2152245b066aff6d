using static ActorReplication.Cluster.ClusterDaemonMessages;
using static ActorReplication.Cluster.ClusterProtocol;

namespace ActorReplication.Cluster;

internal sealed partial class ClusterCoreDaemon
{
    private readonly HashSet<UniqueAddress> _heartbeatReceivers = [];
    private long _heartbeatSequenceNr;

    /// <summary>
    /// The members this node monitors: its successors on the address ring (so each member is watched by
    /// monitored-by-nr-of-members others), plus every member it currently sees as unreachable, so that it notices
    /// when they come back.
    /// </summary>
    private HashSet<UniqueAddress> MonitoredMembers()
    {
        var ring = _latest.Members.Select(m => m.UniqueAddress).ToList(); // address order
        var result = new HashSet<UniqueAddress>();
        var start = ring.IndexOf(_self);
        if (start >= 0)
            for (var i = 1; i < ring.Count && result.Count < _settings.FailureDetector.MonitoredByNrOfMembers; i++)
                result.Add(ring[(start + i) % ring.Count]);
        foreach (var node in _latest.Reachability.AllUnreachableFrom(_self))
            if (_latest.HasMember(node)) result.Add(node);
        return result;
    }

    private void HeartbeatTick()
    {
        var receivers = MonitoredMembers();
        foreach (var node in receivers)
            if (_heartbeatReceivers.Add(node))
                Scheduler.ScheduleTellOnce(_settings.FailureDetector.ExpectedResponseAfter, Self, new ExpectedFirstHeartbeat(node), Self);
        _heartbeatReceivers.RemoveWhere(n => !receivers.Contains(n));
        _heartbeatSequenceNr++;
        foreach (var node in receivers) Send(node.Address, new Heartbeat(_self, _heartbeatSequenceNr));
    }

    private void HandleHeartbeat(Heartbeat m) => Send(m.From.Address, new HeartbeatRsp(_self, m.SequenceNr));

    private void HandleHeartbeatRsp(HeartbeatRsp m)
    {
        if (_heartbeatReceivers.Contains(m.From)) _detectors.HeartBeat(m.From);
    }

    /// <summary>A monitored member that never answered starts being measured anyway, so its silence counts.</summary>
    private void HandleExpectedFirstHeartbeat(ExpectedFirstHeartbeat m)
    {
        if (_heartbeatReceivers.Contains(m.Node) && !_detectors.IsMonitoring(m.Node)) _detectors.HeartBeat(m.Node);
    }

    /// <summary>Turns the failure detector's verdicts on monitored members into this node's reachability records.</summary>
    private void ReapUnreachable()
    {
        var nowUnreachable = new List<UniqueAddress>();
        var nowReachable = new List<UniqueAddress>();
        foreach (var m in _latest.Members)
        {
            var node = m.UniqueAddress;
            if (node.Equals(_self)) continue;
            var status = _latest.Reachability.Status(_self, node);
            var available = _detectors.IsAvailable(node);
            if (status == ReachabilityStatus.Reachable && !available && _heartbeatReceivers.Contains(node)) nowUnreachable.Add(node);
            else if (status == ReachabilityStatus.Unreachable && available) nowReachable.Add(node);
        }
        if (nowUnreachable.Count > 0 || nowReachable.Count > 0)
        {
            foreach (var n in nowUnreachable) Log.LogWarningUnreachable(_self, n);
            UpdateLatest(GossipChanges.Observe(_latest, _self, nowUnreachable, nowReachable));
        }
    }
}
