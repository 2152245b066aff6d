using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

/// <summary>
/// One coordinated FAILOVER on a master (Redis 6.2 semantics), started by <see cref="ReplicationManager.BeginFailover"/>
/// after the keyspace paused writes. <c>waiting-for-sync</c>: the master actor reports when the target (or the first
/// replica, without TO) has acknowledged master_repl_offset — nothing new enters the stream while writes are paused.
/// <c>failover-in-progress</c>: the target's replication manager is told to promote itself (it does what REPLICAOF NO
/// ONE does, if it follows our replid); when it has, this node follows it (what REPLICAOF target does: PSYNC with our
/// replid continues partially) and only then resumes writes, so the paused clients' writes get -READONLY. On TIMEOUT
/// without FORCE, on a refusal, or on FAILOVER ABORT: writes resume and this node stays the master.
/// </summary>
public sealed class FailoverCoordinator : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly long _id;
    private readonly ReplicationManager.StartFailover _request;
    private readonly IActorRef _keyspace;
    private readonly IActorRef _master;
    private readonly IActorRef _manager;
    private readonly ReplicationStatusBoard _board;
    private readonly ReplicationSettings _settings;
    private ICancelable? _timer;
    private MasterProtocol.FailoverTargetSynced? _target;

    private sealed record TimedOut : INoSerializationVerificationNeeded
    {
        public static readonly TimedOut Instance = new();
    }

    public FailoverCoordinator(ReplicationManager.StartFailover request, IActorRef keyspace, IActorRef master, IActorRef manager,
        ReplicationStatusBoard board, ReplicationSettings settings)
    {
        _id = request.Id;
        _request = request;
        _keyspace = keyspace;
        _master = master;
        _manager = manager;
        _board = board;
        _settings = settings;
        WaitingForSync();
    }

    public static Props Props(ReplicationManager.StartFailover request, IActorRef keyspace, IActorRef master, IActorRef manager,
        ReplicationStatusBoard board, ReplicationSettings settings) =>
        Akka.Actor.Props.Create(() => new FailoverCoordinator(request, keyspace, master, manager, board, settings));

    private string TargetName => _request.Target is { } t ? $"{t.Host}:{t.Port}" : "any replica";

    protected override void PreStart()
    {
        _log.Info("FAILOVER requested to {Target}.", TargetName);
        // Through the keyspace: after the pause, so the master actor's offset there is the final one.
        _keyspace.Tell(new KeyspaceReplication.Relay(new MasterProtocol.AwaitFailoverTarget(_request.Target?.Host, _request.Target?.Port ?? 0, Self)), Self);
        if (_request.Timeout > TimeSpan.Zero)
            _timer = Context.System.Scheduler.ScheduleTellOnceCancelable(_request.Timeout, Self, TimedOut.Instance, Self);
        Context.System.EventStream.Publish(new ReplicationEvents.FailoverStarted(TargetName, _request.Timeout, _request.Force));
    }

    protected override void PostStop() => _timer?.Cancel();

    private void WaitingForSync()
    {
        Receive<MasterProtocol.FailoverTargetSynced>(HandleSynced);
        Receive<MasterProtocol.FailoverTargetLost>(m => Abort(m.Reason));
        Receive<TimedOut>(_ =>
        {
            if (!_request.Force)
            {
                TellMasterInOrder(MasterProtocol.CancelFailoverTarget.Instance);
                Abort("Replica never caught up before timeout");
                return;
            }
            _log.Info("FAILOVER to {Target} time out exceeded, failing over.", TargetName);
            TellMasterInOrder(MasterProtocol.ForceFailoverTarget.Instance);
        });
        Receive<ReplicationManager.AbortFailover>(_ =>
        {
            TellMasterInOrder(MasterProtocol.CancelFailoverTarget.Instance);
            Stopped("Failover manually aborted");
        });
    }

    /// <summary>Through the keyspace, like the wait it refers to: so it never overtakes it.</summary>
    private void TellMasterInOrder(object message) => _keyspace.Tell(new KeyspaceReplication.Relay(message), Self);

    /// <summary>The target has everything (or FORCE): ask it to promote itself — Redis's PSYNC FAILOVER.</summary>
    private void HandleSynced(MasterProtocol.FailoverTargetSynced synced)
    {
        if (!_board.SetFailoverState(_id, FailoverStates.InProgress))
        {
            Context.Stop(Self); // aborted meanwhile
            return;
        }
        _target = synced;
        _log.Info("Failover target {Host}:{Port} is synced (acked {Ack} of {Offset}), failing over.", synced.Host, synced.Port, synced.AckOffset, synced.Offset);
        // To the target's slave actor (the one that PSYNCed us), which hands it to its replication manager.
        synced.Replica.Tell(new FailoverPromote(synced.ReplId), Self);
        _timer?.Cancel();
        _timer = Context.System.Scheduler.ScheduleTellOnceCancelable(_settings.Timeout, Self, TimedOut.Instance, Self);
        Become(InProgress);
    }

    private void InProgress()
    {
        Receive<FailoverPromoted>(_ => HandlePromoted());
        Receive<FailoverRefused>(m => Abort("the target refused: " + m.Reason));
        Receive<TimedOut>(_ => Abort($"the target did not answer within repl-timeout ({_settings.Timeout.TotalSeconds}s)"));
        Receive<ReplicationManager.AbortFailover>(_ => Stopped("Failover manually aborted"));
    }

    /// <summary>The target is the master now: follow it, then let the paused writes go on (against a replica now).</summary>
    private void HandlePromoted()
    {
        var target = _target!;
        if (_board.FailoverState != FailoverStates.InProgress)
        {
            Context.Stop(Self); // FAILOVER ABORT came first: stay the master (the target may be one too, as in Redis)
            return;
        }
        _log.Info("FAILOVER to {Host}:{Port}: the target is the master now; following it", target.Host, target.Port);
        ReplicationManager.ReplicaOf(_keyspace, _master, _manager, _board, _settings, new MasterEndpoint(target.Host, target.Port));
        _keyspace.Tell(new KeyspaceReplication.SetWritesPaused(false), Self);
        _board.SetFailoverState(_id, FailoverStates.None);
        Context.System.EventStream.Publish(new ReplicationEvents.FailoverCompleted(target.Host, target.Port, target.Offset));
        Context.Stop(Self);
    }

    /// <summary>Redis abortFailover: writes resume, this node stays the master.</summary>
    private void Abort(string reason)
    {
        if (_board.SetFailoverState(_id, FailoverStates.None)) _keyspace.Tell(new KeyspaceReplication.SetWritesPaused(false), Self);
        Stopped(reason);
    }

    private void Stopped(string reason)
    {
        _log.Warning("FAILOVER to {Target} aborted: {Reason}", TargetName, reason);
        Context.System.EventStream.Publish(new ReplicationEvents.FailoverAborted(reason));
        Context.Stop(Self);
    }
}
