using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using static ActorReplication.Replication.Topology.TopologyProtocol;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// The node's <c>/user/cluster-listener</c> in follow-the-cluster mode (<c>replication.follow</c>): turns membership
/// and the members' replication states into attach / detach / promote decisions (<see cref="TopologyRules"/>).
/// It keeps its own view of the cluster from the events, tells every other member its replication state on change
/// and every <c>topology-interval</c>, and acts only through <see cref="IReplicationControl"/> (REPLICAOF, REPLICAOF NO
/// ONE, refusing writes). As cluster leader with <c>auto-failover</c> on, it promotes the best replica of a group
/// whose master was downed, under a new epoch. The epoch it knows goes on the replication handshake
/// (<see cref="ReplicationStatusBoard.Epoch"/>), so a deposed master cannot take replicas back.
/// </summary>
public sealed class TopologyActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Ticks after this node is Up before a new group may elect its first master without every member's state.</summary>
    private const int SettleTicks = 10;

    /// <summary>Ticks the leader waits for a promoted replica to announce itself before choosing again.</summary>
    private const int PromotionTicks = 5;

    private readonly TopologySettings _settings;
    private readonly UniqueAddress _self;
    private readonly string _group;
    private readonly string _runId;
    private readonly int _priority;
    private readonly string _respEndpoint;
    private readonly ReplicationStatusBoard _replication;
    private readonly TopologyBoard _board;
    private readonly IReplicationControl _control;
    private readonly ITopologyPeers _peers;
    private readonly Action<IActorRef> _subscribe;
    private readonly Dictionary<UniqueAddress, NodeTopologyState> _states = [];
    private readonly Dictionary<string, long> _epochs = new(StringComparer.Ordinal);
    private ClusterEvents.CurrentClusterState _cluster = ClusterEvents.CurrentClusterState.Empty;
    private ICancelable? _tick;
    private TopologyRole _claim = TopologyRole.Pending;
    private long _term;
    private string? _fencedBecause;
    private bool _shutDown;
    private MasterEndpoint? _following;
    private (string Group, string RunId, long Epoch, int TicksLeft)? _promotion;
    private int _ticksUp;
    private NodeTopologyState? _lastSent;
    private string? _lastReason;

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    public TopologyActor(TopologySettings settings, UniqueAddress self, string runId, int priority, string respEndpoint,
        ReplicationStatusBoard replication, TopologyBoard board, IReplicationControl control, ITopologyPeers peers, Action<IActorRef> subscribe)
    {
        _settings = settings;
        _self = self;
        _group = settings.Group ?? TopologySettings.DefaultGroup;
        _runId = runId;
        _priority = priority;
        _respEndpoint = respEndpoint;
        _replication = replication;
        _board = board;
        _control = control;
        _peers = peers;
        _subscribe = subscribe;

        Receive<ClusterEvents.CurrentClusterState>(s =>
        {
            _cluster = s;
            Evaluate();
        });
        Receive<ClusterEvents.ClusterShuttingDown>(_ => ShutDown("this node's cluster membership ended (it was downed or removed)"));
        Receive<ClusterEvents.IClusterDomainEvent>(HandleClusterEvent);
        Receive<StateUpdate>(HandleState);
        Receive<Promote>(HandlePromote);
        Receive<Tick>(_ => HandleTick());
        Receive<GetView>(_ => Sender.Tell(_board.Current));
    }

    public static Props Props(TopologySettings settings, UniqueAddress self, string runId, int priority, string respEndpoint,
        ReplicationStatusBoard replication, TopologyBoard board, IReplicationControl control, ITopologyPeers peers, Action<IActorRef> subscribe) =>
        Akka.Actor.Props.Create(() => new TopologyActor(settings, self, runId, priority, respEndpoint, replication, board, control, peers, subscribe));

    protected override void PreStart()
    {
        Fence("the cluster has not decided this node's role yet");
        _subscribe(Self);
        _tick = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(_settings.Interval, _settings.Interval, Self, Tick.Instance, Self);
        Publish();
    }

    protected override void PostStop() => _tick?.Cancel();

    private void HandleClusterEvent(ClusterEvents.IClusterDomainEvent e)
    {
        _cluster = ClusterEvents.Apply(_cluster, e);
        if (e is ClusterEvents.MemberRemoved or ClusterEvents.MemberDowned)
            _states.Remove(((ClusterEvents.IMemberEvent)e).Member.UniqueAddress);
        Evaluate();
    }

    /// <summary>A member's state: kept while that incarnation is a member; it raises the epoch its group is known to have reached.</summary>
    private void HandleState(StateUpdate update)
    {
        var s = update.State;
        if (!Address.TryParse(s.Address, out var address)) return;
        var node = new UniqueAddress(address, (int)s.Uid);
        if (node == _self) return;
        if (!_cluster.Members.Any(m => m.UniqueAddress == node && m.Status is not (MemberStatus.Down or MemberStatus.Removed))) return;
        _states[node] = s;
        RaiseEpoch(s.Group, s.Epoch);
        Evaluate();
    }

    /// <summary>The cluster leader chose this node as its group's new master (automatic failover).</summary>
    private void HandlePromote(Promote promote)
    {
        if (_shutDown || promote.Group != _group || promote.RunId != _runId || _claim == TopologyRole.Master || promote.Epoch <= KnownEpoch)
        {
            _log.Info("Topology: ignoring promotion to epoch {Epoch} in group {Group} from {Sender} (known epoch {Known}, role {Role})",
                promote.Epoch, promote.Group, Sender, KnownEpoch, _claim);
            return;
        }
        _log.Warning("Topology: promoted to master of group {Group} under epoch {Epoch} by the cluster leader: {Reason}", _group, promote.Epoch, promote.Reason);
        ClaimMaster(promote.Epoch);
        Evaluate(broadcast: true);
    }

    private void HandleTick()
    {
        if (Me() is { Status: MemberStatus.Up or MemberStatus.Leaving }) _ticksUp++;
        if (_promotion is { } p) _promotion = p.TicksLeft <= 1 ? null : p with { TicksLeft = p.TicksLeft - 1 };
        Evaluate(broadcast: true);
    }

    private long KnownEpoch => _epochs.GetValueOrDefault(_group);

    private void RaiseEpoch(string group, long epoch)
    {
        if (epoch > _epochs.GetValueOrDefault(group)) _epochs[group] = epoch;
        if (group == _group && _claim != TopologyRole.Master) _replication.Epoch = KnownEpoch;
    }

    private ClusterMember? Me() => _cluster.Members.FirstOrDefault(m => m.UniqueAddress == _self);

    private void Evaluate(bool broadcast = false)
    {
        if (_shutDown) return;
        var me = Me();
        if (me is { Status: MemberStatus.Down or MemberStatus.Removed })
        {
            ShutDown("this node was downed by the cluster");
            return;
        }
        if (me is not { Status: MemberStatus.Up or MemberStatus.Leaving })
        {
            Publish();
            return;
        }
        ReconcileWithReplication();
        if (_claim == TopologyRole.Master && _settings.AutoFailover && InMinority() is { } minority)
            Fence(minority);

        var decision = Decide(me);
        if (decision is TopologyDecision.Deposed deposed)
        {
            _log.Warning("Topology: deposed: {Reason}; refusing writes until the group's master is known", deposed.Reason);
            _claim = TopologyRole.Pending;
            Fence(deposed.Reason);
            decision = Decide(me);
        }
        Apply(decision);
        FailOver();

        var state = OwnState();
        Publish();
        if (broadcast || state != _lastSent) Broadcast(state);
    }

    private TopologyDecision Decide(ClusterMember me)
    {
        var group = Group(me);
        // A new group elects its first master only when no member is still joining (it may be moved Up older than us)
        // and every member's state is known, or after SettleTicks (members that run no topology actor).
        var settled = _ticksUp >= SettleTicks
            || _cluster.Members.Where(m => m.UniqueAddress != _self && m.Status is not (MemberStatus.Down or MemberStatus.Removed or MemberStatus.Exiting))
                .All(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && _states.ContainsKey(m.UniqueAddress));
        return TopologyRules.Decide(group[0], group, KnownEpoch, settled);
    }

    /// <summary>The Up (or Leaving) members of this node's group whose state is known, this node first.</summary>
    private List<TopologyCandidate> Group(ClusterMember me) => GroupOf(_group, new TopologyCandidate(OwnState(), me));

    private List<TopologyCandidate> GroupOf(string group, TopologyCandidate? self)
    {
        var list = new List<TopologyCandidate>();
        if (self is not null) list.Add(self);
        foreach (var m in _cluster.Members)
            if (m.Status is MemberStatus.Up or MemberStatus.Leaving && _states.TryGetValue(m.UniqueAddress, out var s) && s.Group == group)
                list.Add(new TopologyCandidate(s, m));
        return list;
    }

    private void Apply(TopologyDecision decision)
    {
        switch (decision)
        {
            case TopologyDecision.StayMaster stay:
                LogOnce(stay.Reason, stay.Reason.StartsWith("two masters", StringComparison.Ordinal) ? LogLevel.WarningLevel : LogLevel.DebugLevel);
                if (_fencedBecause is not null && (!_settings.AutoFailover || InMinority() is null))
                {
                    _log.Info("Topology: accepting writes again as master of group {Group} (was: {Reason})", _group, _fencedBecause);
                    _fencedBecause = null;
                    _control.BecomeMaster();
                }
                break;
            case TopologyDecision.Follow follow:
                FollowMaster(follow);
                break;
            case TopologyDecision.BecomeMaster become:
                _log.Warning("Topology: starting as master of group {Group} under epoch {Epoch}: {Reason}", _group, become.Epoch, become.Reason);
                ClaimMaster(become.Epoch);
                break;
            case TopologyDecision.Wait wait:
                LogOnce(wait.Reason, LogLevel.InfoLevel);
                break;
        }
    }

    private void FollowMaster(TopologyDecision.Follow follow)
    {
        if (MasterEndpoint.TryParse(follow.Master.State.RespEndpoint) is not { } endpoint)
        {
            LogOnce($"the master {follow.Master} advertises no RESP endpoint", LogLevel.WarningLevel);
            return;
        }
        RaiseEpoch(_group, follow.Master.State.Epoch);
        if (_claim == TopologyRole.Master) _log.Warning("Topology: {Reason}: becoming its replica", follow.Reason);
        _claim = TopologyRole.Replica;
        _fencedBecause = null; // a replica refuses writes as a replica
        _replication.Epoch = KnownEpoch;
        if (_following == endpoint) return;
        _following = endpoint;
        Publish(); // the locator's gate must name the new master before the link tries it
        _log.Info("Topology: following {Master} (epoch {Epoch}): {Reason}", endpoint, follow.Master.State.Epoch, follow.Reason);
        _control.Follow(endpoint);
    }

    private void ClaimMaster(long epoch)
    {
        _term = epoch;
        RaiseEpoch(_group, epoch);
        _claim = TopologyRole.Master;
        _replication.Epoch = epoch;
        _following = null;
        _fencedBecause = null;
        _lastReason = null;
        _control.BecomeMaster();
    }

    /// <summary>
    /// REPLICAOF typed by hand (or FAILOVER) changed the node's role: REPLICAOF NO ONE on a replica is a manual promotion
    /// and claims a new epoch, so it wins over the old master; a REPLICAOF host port is overridden by the next decision.
    /// </summary>
    private void ReconcileWithReplication()
    {
        var link = _replication.Snapshot().Replica;
        if (link is null)
        {
            if (_claim != TopologyRole.Replica) return;
            var epoch = KnownEpoch + 1;
            _log.Warning("Topology: promoted by hand (REPLICAOF NO ONE): claiming group {Group} under epoch {Epoch}", _group, epoch);
            ClaimMaster(epoch);
            return;
        }
        if (_claim != TopologyRole.Replica) _claim = TopologyRole.Replica;
        var now = new MasterEndpoint(link.MasterHost, link.MasterPort);
        if (_following != now) _following = null;
    }

    /// <summary>Keep-majority's verdict from this node's view: anything but "down the unreachable" means this side may be downed.</summary>
    private string? InMinority()
    {
        if (_cluster.Unreachable.Count == 0) return null;
        var unreachable = _cluster.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return MajoritySide.IsKept(_cluster.Members, unreachable)
            ? null
            : $"this master cannot reach a majority of the cluster ({unreachable.Count} of {_cluster.Members.Count} members unreachable)";
    }

    /// <summary>
    /// As cluster leader: in every group with auto-failover whose master is gone (no current master among its Up
    /// members) and that had one (epoch > 0), promote the best reachable replica under the next epoch.
    /// </summary>
    private void FailOver()
    {
        if (_cluster.Leader != _self.Address) return;
        // A member whose state is unknown may be the master (a leader that just joined, or just took over): wait for
        // every state, or SettleTicks for members that run no topology actor.
        if (_ticksUp < SettleTicks && _cluster.Members.Any(m =>
                m.UniqueAddress != _self && m.Status is MemberStatus.Up or MemberStatus.Leaving && !_states.ContainsKey(m.UniqueAddress)))
            return;
        var me = Me()!;
        foreach (var group in _states.Values.Select(s => s.Group).Append(_group).Distinct(StringComparer.Ordinal))
        {
            var members = GroupOf(group, group == _group ? new TopologyCandidate(OwnState(), me) : null);
            var known = _epochs.GetValueOrDefault(group);
            if (known == 0 || !members.Any(c => c.State.AutoFailover)) continue;
            if (members.Any(c => c.State.Role == TopologyRole.Master && c.State.Epoch >= known)) continue;
            var reachable = members.Where(c => c.Member.Status == MemberStatus.Up && !_cluster.Unreachable.Contains(c.Member));
            if (TopologyRules.BestReplica(reachable) is not { } best) continue;
            if (_promotion is { } p && p.Group == group && p.Epoch > known) continue;
            var epoch = known + 1;
            var reason = $"no master in group {group} since epoch {known}; best replica {best} (lowest priority > 0, then largest offset, then run id)";
            _log.Warning("Topology: automatic failover: promoting {Replica} under epoch {Epoch}: {Reason}", best.State.Address, epoch, reason);
            _promotion = (group, best.State.RunId, epoch, PromotionTicks);
            var promote = new Promote(group, epoch, best.State.RunId, reason);
            if (best.Member.UniqueAddress == _self) Self.Tell(promote, Self);
            else _peers.Send(best.Member.Address, promote, Self);
        }
    }

    private void ShutDown(string why)
    {
        if (_shutDown) return;
        _shutDown = true;
        if (_claim != TopologyRole.Replica) Fence($"{why}: until this node rejoins the cluster");
        _log.Warning("Topology: {Why}; this incarnation no longer takes part (a downed node rejoins as a new one){Fenced}", why,
            _claim != TopologyRole.Replica ? ", and refuses writes" : "");
        Publish();
    }

    private void Fence(string reason)
    {
        if (_fencedBecause == reason) return;
        if (_fencedBecause is null && _claim == TopologyRole.Master)
            _log.Warning("Topology: refusing writes (-READONLY): {Reason}", reason);
        _fencedBecause = reason;
        _control.Fence(reason);
    }

    private NodeTopologyState OwnState()
    {
        var info = _replication.Snapshot();
        return new NodeTopologyState(_self.Address.ToString(), _self.Uid, _group, _claim, info.Master.MasterReplId, Math.Max(0, info.Master.MasterReplOffset),
            _claim == TopologyRole.Master ? _term : KnownEpoch, _priority, _respEndpoint, _runId,
            _claim == TopologyRole.Replica ? _following?.ToString() ?? "" : "", _fencedBecause is not null, _settings.InitialMaster, _settings.AutoFailover);
    }

    private void Broadcast(NodeTopologyState state)
    {
        _lastSent = state;
        var update = new StateUpdate(state);
        foreach (var m in _cluster.Members)
            if (m.UniqueAddress != _self && m.Status is not (MemberStatus.Down or MemberStatus.Removed))
                _peers.Send(m.Address, update, Self);
    }

    private void Publish()
    {
        var own = OwnState();
        var group = new List<NodeTopologyState> { own };
        foreach (var m in _cluster.Members)
            if (m.Status is MemberStatus.Up or MemberStatus.Leaving && _states.TryGetValue(m.UniqueAddress, out var s) && s.Group == _group)
                group.Add(s);
        var known = KnownEpoch;
        var master = _claim == TopologyRole.Master && _fencedBecause is null
            ? own
            : group.Where(s => s.Role == TopologyRole.Master && s.Epoch >= known && s != own)
                .OrderByDescending(s => s.Epoch).ThenByDescending(s => s.Offset).FirstOrDefault();
        if (_claim == TopologyRole.Replica && _following is { } f)
            master = group.FirstOrDefault(s => s.Role == TopologyRole.Master && MasterEndpoint.TryParse(s.RespEndpoint) == f && s.Epoch >= known);
        _board.Publish(new TopologyView(_group, master, [.. group.Where(s => s.Role == TopologyRole.Replica)], known, own, _fencedBecause));
    }

    private void LogOnce(string reason, LogLevel level)
    {
        if (reason == _lastReason) return;
        _lastReason = reason;
        _log.Log(level, null, "Topology: {Reason}", reason);
    }
}
