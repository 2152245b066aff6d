using System.Collections.Immutable;
using ActorReplication.Actors;
using Microsoft.Extensions.Logging;
using static ActorReplication.Cluster.ClusterDaemonMessages;
using static ActorReplication.Cluster.ClusterProtocol;

namespace ActorReplication.Cluster;

/// <summary>
/// One node's membership agent, after Akka's ClusterCoreDaemon. It owns the node's latest gossip and changes it
/// only by the pure functions of the model (<see cref="GossipChanges"/>, <see cref="LeaderActions"/>,
/// <see cref="Gossip.Merge"/>), talks to other nodes only through <see cref="IClusterTransport"/>, and runs on the
/// system scheduler, so the whole protocol runs on virtual time in tests. Phases:
/// <c>Uninitialized</c> (joining through the seeds) → <c>Initialized</c> (a member) → <c>ShutDown</c> (downed,
/// removed or stopped: it stops heartbeating and gossiping, but still answers state queries).
/// </summary>
internal sealed partial class ClusterCoreDaemon : ReceiveActor
{
    private readonly ClusterSettings _settings;
    private readonly IClusterTransport _transport;
    private readonly UniqueAddress _self;
    private readonly Random _random;
    private readonly FailureDetectorRegistry<UniqueAddress> _detectors;
    private readonly List<ICancelable> _timers = [];
    private IActorRef _publisher = ActorRefs.Nobody;
    private Gossip _latest = Gossip.Empty;
    private string _phase = "Uninitialized";

    public ClusterCoreDaemon(ClusterSettings settings, IClusterTransport transport, UniqueAddress self, bool publishToEventStream)
    {
        _settings = settings;
        _transport = transport;
        _self = self;
        PublishToEventStream = publishToEventStream;
        _random = new Random(unchecked((int)self.Uid ^ (int)(self.Uid >> 32)));
        var scheduler = Context.System.Scheduler;
        _detectors = new FailureDetectorRegistry<UniqueAddress>(
            () => new PhiAccrualFailureDetector(settings.FailureDetector, () => scheduler.MonotonicClock));
        Uninitialized();
    }

    private bool PublishToEventStream { get; }

    public static Props Props(ClusterSettings settings, IClusterTransport transport, UniqueAddress self, bool publishToEventStream) =>
        Actors.Props.Create(() => new ClusterCoreDaemon(settings, transport, self, publishToEventStream));

    private IScheduler Scheduler => Context.System.Scheduler;

    private TimeSpan Now => Scheduler.MonotonicClock;

    private long NowUnixMs => Scheduler.Now.ToUnixTimeMilliseconds();

    protected override void PreStart()
    {
        _publisher = Context.ActorOf(ClusterEventPublisher.Props(_self, PublishToEventStream), "publisher");
        var delay = _settings.PeriodicTasksInitialDelay;
        _timers.Add(Scheduler.ScheduleTellRepeatedly(delay, _settings.GossipInterval, Self, Tick.Gossip, Self));
        _timers.Add(Scheduler.ScheduleTellRepeatedly(delay, _settings.FailureDetector.HeartbeatInterval, Self, Tick.Heartbeat, Self));
        _timers.Add(Scheduler.ScheduleTellRepeatedly(delay, _settings.UnreachableNodesReaperInterval, Self, Tick.Reap, Self));
        _timers.Add(Scheduler.ScheduleTellRepeatedly(delay, _settings.LeaderActionsInterval, Self, Tick.Leader, Self));
        _timers.Add(Scheduler.ScheduleTellRepeatedly(SeedRetryInterval, SeedRetryInterval, Self, Tick.Join, Self));
        if (!_settings.SeedNodes.IsEmpty) Self.Tell(new JoinSeedNodes(_settings.SeedNodes), Self);
    }

    protected override void PostStop()
    {
        foreach (var timer in _timers) timer.Cancel();
    }

    private void Uninitialized()
    {
        _phase = "Uninitialized";
        Receive<JoinSeedNodes>(HandleJoinSeedNodes);
        Receive<JoinTo>(m => StartJoin(m.Contact));
        Receive<InitJoin>(m => Send(m.From.Address, new InitJoinNack(_self)));
        Receive<InitJoinAck>(HandleInitJoinAck);
        Receive<InitJoinNack>(_ => { });
        Receive<Welcome>(HandleWelcome);
        Receive<Tick>(t => t == Tick.Join, _ => HandleJoinTick());
        Receive<Tick>(_ => { });
        Receive<Heartbeat>(HandleHeartbeat);
        ReceiveCommon();
    }

    private void Initialized()
    {
        _phase = "Initialized";
        Receive<InitJoin>(m => Send(m.From.Address, new InitJoinAck(_self)));
        Receive<Join>(HandleJoin);
        Receive<GossipEnvelope>(HandleGossip);
        Receive<GossipStatus>(HandleGossipStatus);
        Receive<Heartbeat>(HandleHeartbeat);
        Receive<HeartbeatRsp>(HandleHeartbeatRsp);
        Receive<ExpectedFirstHeartbeat>(HandleExpectedFirstHeartbeat);
        Receive<Tick>(t => t == Tick.Gossip, _ => GossipTick());
        Receive<Tick>(t => t == Tick.GossipSpeedup, _ => GossipSpeedupTick());
        Receive<Tick>(t => t == Tick.Heartbeat, _ => HeartbeatTick());
        Receive<Tick>(t => t == Tick.Reap, _ => ReapUnreachable());
        Receive<Tick>(t => t == Tick.Leader, _ => LeaderTick());
        Receive<Tick>(_ => { });
        Receive<Leave>(m => UpdateLatest(GossipChanges.Leave(_latest, m.Address, _self)));
        Receive<Down>(HandleDown);
        ReceiveCommon();
    }

    private void ShutDown()
    {
        _phase = "ShutDown";
        ReceiveCommon();
        ReceiveAny(_ => { }); // no heartbeat replies: the others see this node unreachable and remove it
    }

    private void ReceiveCommon()
    {
        Receive<Subscribe>(m => _publisher.Forward(m));
        Receive<Unsubscribe>(m => _publisher.Forward(m));
        Receive<GetClusterState>(_ => Sender.Tell(ClusterEvents.StateOf(_latest, _self)));
        Receive<GetInternalState>(_ => Sender.Tell(new InternalState(_self, _latest, Convergence.IsConverged(_latest, _self), _phase)));
    }

    private void Send(Address to, IClusterMessage message) => _transport.Send(to, message);

    /// <summary>Makes <paramref name="gossip"/> the latest, tells subscribers, and stops taking part when it says so.</summary>
    private void UpdateLatest(Gossip gossip)
    {
        if (ReferenceEquals(gossip, _latest)) return;
        _latest = gossip;
        foreach (var monitored in _detectors.Monitored.ToList())
            if (!_latest.HasMember(monitored)) _detectors.Remove(monitored);
        _publisher.Tell(new PublishChanges(_latest));
        CheckSelfFate();
    }

    /// <summary>
    /// A node that sees itself Down (or removed) passes that gossip on to everyone it can reach, so its own side of
    /// a partition learns it too, then stops heartbeating and gossiping.
    /// </summary>
    private void CheckSelfFate()
    {
        if (_phase != "Initialized") return;
        var removed = _latest.IsTombstoned(_self) || !_latest.HasMember(_self);
        var downed = !removed && _latest.GetMember(_self).Status == MemberStatus.Down;
        if (!removed && !downed) return;
        Log.LogWarning("Cluster node {Self} was {Fate}: shutting down its membership", _self, removed ? "removed" : "downed");
        if (downed) BroadcastGossip();
        Retire();
    }

    private void Retire()
    {
        foreach (var timer in _timers) timer.Cancel();
        _publisher.Tell(new PublishEvent(ClusterEvents.ClusterShuttingDown.Instance));
        Become(ShutDown);
    }

    private void BroadcastGossip()
    {
        foreach (var m in _latest.Members)
            if (!m.UniqueAddress.Equals(_self) && _latest.Reachability.IsReachable(_self, m.UniqueAddress))
                Send(m.Address, new GossipEnvelope(_self, m.UniqueAddress, _latest));
    }

    private void HandleDown(Down m)
    {
        Log.LogInformation("Marking {Address} as Down (requested)", m.Address);
        UpdateLatest(GossipChanges.Down(_latest, m.Address, _self));
    }

    private ImmutableSortedSet<string> Roles => _settings.Roles;
}
