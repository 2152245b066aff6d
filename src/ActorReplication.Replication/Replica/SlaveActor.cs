using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Replica;

/// <summary>
/// Follows a master: Redis's replica state machine as behaviours — Connecting → Handshaking → AwaitingPsyncReply →
/// Transferring → Online, with a backoff between attempts. It tries PSYNC first with the history it has (on a former
/// master, its own), loads a full snapshot into a fresh keyspace while the old data keeps serving reads, swaps it in
/// one keyspace turn, then hands the stream to the keyspace, which applies it and feeds it on, byte for byte, to this
/// node's master actor (backlog and sub-replicas). It acknowledges its offset every repl-ack-period and drops a link
/// silent for repl-timeout.
/// <para>
/// Everything that changes this node's history (snapshot loaded, replid changed, promotion) is sent through the
/// keyspace (<c>Relay</c>), so the master actor sees it at the right point of the stream.
/// </para>
/// </summary>
public sealed partial class SlaveActor : ReceiveActor, IWithUnboundedStash
{
    public IStash Stash { get; set; } = null!;

    private readonly ILoggingAdapter _log = Context.GetLogger();

    private static long s_lastStreamLink;

    private readonly IActorRef _keyspace;
    private readonly IActorRef _localMaster;
    private readonly IMasterLocator? _locator;
    private readonly ReplicationStatusBoard? _board;
    private readonly long _generation;
    private readonly MasterEndpoint _endpoint;
    private IActorRef _master;
    private readonly ReplicaIdentity _identity;
    private readonly ReplicationSettings _settings;
    private readonly int _databases;
    private readonly IClock _clock;
    private ICancelable? _cron;

    // The history this replica continues: its master's replid and the offset it has applied (null: none, ask for a full sync).
    private string? _replId;
    private long _replOffset;

    private IActorRef? _link;       // the master's session for this replica, once PSYNC was answered
    private string _linkState = "connect";
    private bool _linkUp;
    private long _lastIoMs = -1;
    private long _phaseStartedMs;
    private long _linkDownSinceMs;
    private TimeSpan _backoff;
    private long _attempt;

    // Tags the bytes this actor hands the keyspace: an incomplete command left by an earlier slave actor is dropped.
    private readonly long _streamLink = Interlocked.Increment(ref s_lastStreamLink);

    /// <param name="keyspace">This node's keyspace actor.</param>
    /// <param name="localMaster">This node's master actor (feed sink: backlog and sub-replicas).</param>
    /// <param name="master">The master's master actor (in-process, or a remote ref); ignored when <paramref name="locator"/> is given.</param>
    /// <param name="databases">This node's database count (the fresh keyspace a snapshot loads into).</param>
    /// <param name="clock">This node's clock (for the fresh keyspace).</param>
    /// <param name="locator">Finds the master actor before each attempt (null: always <paramref name="master"/>).</param>
    /// <param name="board">Where INFO and ROLE read the link's figures (null: nowhere), under REPLICAOF <paramref name="generation"/>.</param>
    public SlaveActor(IActorRef keyspace, IActorRef localMaster, IActorRef master, MasterEndpoint endpoint, ReplicaIdentity identity,
        ReplicationSettings settings, int databases, IClock clock, IMasterLocator? locator = null, ReplicationStatusBoard? board = null, long generation = 0)
    {
        _keyspace = keyspace;
        _localMaster = localMaster;
        _master = master;
        _locator = locator;
        _board = board;
        _generation = generation;
        _endpoint = endpoint;
        _identity = identity;
        _settings = settings;
        _databases = databases;
        _clock = clock;
        _backoff = settings.ReconnectBackoffMin;
        Starting();
    }

    public static Props Props(IActorRef keyspace, IActorRef localMaster, IActorRef master, MasterEndpoint endpoint, ReplicaIdentity identity,
        ReplicationSettings settings, int databases, IClock clock, IMasterLocator? locator = null, ReplicationStatusBoard? board = null, long generation = 0) =>
        Akka.Actor.Props.Create(() => new SlaveActor(keyspace, localMaster, master, endpoint, identity, settings, databases, clock, locator, board, generation));

    private long NowMs => Context.System.Scheduler.Now.ToUnixTimeMilliseconds();

    private sealed record CronTick : INoSerializationVerificationNeeded
    {
        public static readonly CronTick Instance = new();
    }

    private sealed record Reconnect(long Attempt) : INoSerializationVerificationNeeded;

    /// <summary>
    /// Asks the local master actor, through the keyspace, for this node's history (what to PSYNC with): everything an
    /// earlier slave actor handed the keyspace is applied by then. Managed by a board, REPLICAOF already switched the
    /// keyspace to replica mode and relayed <see cref="MasterProtocol.Demote"/> in the command's own turn
    /// (<see cref="ReplicationManager.ReplicaOf"/>); standalone, this actor does both first.
    /// </summary>
    protected override void PreStart()
    {
        _linkDownSinceMs = NowMs;
        if (_board is not null && _board.Generation != _generation)
        {
            Context.Stop(Self); // a later REPLICAOF replaced this one before it started: touch nothing
            return;
        }
        if (_board is null) _keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, _settings.ReplicaReadOnly, _settings.ReplicaServeStaleData), Self);
        _keyspace.Tell(new KeyspaceReplication.AttachFeed(_localMaster), Self);
        if (_board is null) _keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Demote.Instance), Self);
        _keyspace.Tell(new KeyspaceReplication.Relay(new MasterProtocol.GetHistory(Self)), Self);
        _cron = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(_settings.AckPeriod, _settings.AckPeriod, Self, CronTick.Instance, Self);
        Publish();
    }

    protected override void PostStop()
    {
        _cron?.Cancel();
        const string reason = "the replica stopped following this master";
        if (_link is not null) _link.Tell(new LinkClosed(reason), Self);
        else if (_linkState == "sync") _master.Tell(new LinkClosed(reason), Self); // PSYNC sent, not answered yet
    }

    /// <summary>Shows the link's figures on the board (on every change of phase, and once per ack period).</summary>
    private void Publish() => _board?.PublishLink(_generation, BuildInfo());

    /// <summary>Handlers every phase has: info, promotion, the cron.</summary>
    private void Common()
    {
        Receive<SlaveProtocol.GetLinkInfo>(_ => Sender.Tell(BuildInfo(), Self));
        Receive<FailoverPromote>(m => Context.Parent.Forward(m)); // our master's FAILOVER: the manager decides
        Receive<SlaveProtocol.ReplicaOfNoOne>(_ => HandlePromotion());
        Receive<SlaveProtocol.DropLink>(m =>
        {
            if (_linkState != "connect") LinkDown(m.Reason);
        });
        Receive<CronTick>(_ => HandleCron());
    }

    /// <summary>Handlers of the phases with a link attempt under way: anything from the master counts as I/O.</summary>
    private void Linked()
    {
        Common();
        Receive<LinkClosed>(m => IsFromLink(), m => LinkDown("the master closed the link: " + m.Reason));
        Receive<Terminated>(m => m.ActorRef.Equals(_link), _ => LinkDown("the master's session stopped"));
        Receive<Ping>(_ => Heard());
    }

    private bool IsFromLink() => _link is null ? Sender.Equals(_master) : Sender.Equals(_link) || Sender.Equals(_master);

    private void Heard() => _lastIoMs = NowMs;

    private void EnterPhase(string linkState, Action behaviour)
    {
        _linkState = linkState;
        _phaseStartedMs = NowMs;
        Become(behaviour);
        Publish();
    }

    private void HandleCron()
    {
        var now = NowMs;
        if (_linkUp && _link is not null) _link.Tell(new Ack(_replOffset), Self);
        var attempting = _linkState is "connecting" or "handshake" or "sync" or "connected";
        if (!attempting) return;
        var lastIo = Math.Max(_lastIoMs, _phaseStartedMs);
        if (now - lastIo > (long)_settings.Timeout.TotalMilliseconds)
            LinkDown(_linkState == "connected"
                ? $"timeout: no data nor ping from the master for {(now - lastIo) / 1000} seconds (repl-timeout {_settings.Timeout.TotalSeconds}s)"
                : $"timeout in the {_linkState} phase after {(now - lastIo) / 1000} seconds");
        else
            Publish();
    }

    /// <summary>The link is lost: the data stays (stale reads as configured), and a new attempt starts after the backoff.</summary>
    private void LinkDown(string reason)
    {
        _log.Warning("Link with master {Host}:{Port} down: {Reason}", _endpoint.Host, _endpoint.Port, reason);
        if (_link is not null)
        {
            Context.Unwatch(_link);
            _link.Tell(new LinkClosed(reason), Self);
        }
        else if (_linkState is "connecting" or "handshake" or "sync")
        {
            // Not answered yet: the master closes the session PSYNC made, a link actor its connection.
            _master.Tell(new LinkClosed(reason), Self);
        }
        _link = null;
        _loader = null;
        DropGuardState();
        var wasUp = _linkUp;
        if (_linkUp) _linkDownSinceMs = NowMs;
        _linkUp = false;
        _keyspace.Tell(new KeyspaceReplication.SetMasterLinkStatus(false), Self);
        var attempt = ++_attempt;
        // Redis 7 reconnects at once when an established link drops; failed attempts back off.
        var delay = wasUp ? _settings.ReconnectDelay : _backoff;
        if (delay <= TimeSpan.Zero) Self.Tell(new Reconnect(attempt), Self);
        else Context.System.Scheduler.ScheduleTellOnceCancelable(delay, Self, new Reconnect(attempt), Self);
        if (!wasUp) _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _settings.ReconnectBackoffMax.Ticks));
        _linkState = "connect";
        Become(Backoff);
        Publish();
        Context.System.EventStream.Publish(new ReplicationEvents.MasterLinkDown(reason, _replOffset));
    }

    private void Backoff()
    {
        Common();
        Receive<Reconnect>(m => m.Attempt == _attempt, _ => Connect());
        ReceiveAny(_ => { }); // late messages of the old link
    }

    /// <summary>REPLICAOF NO ONE: the keyspace becomes a master; the marker makes the master actor shift ids at this exact offset.</summary>
    private void HandlePromotion()
    {
        _log.Info("Promoted to master at offset {Offset} (was following replid {ReplId})", _replOffset, _replId);
        if (_link is not null) Context.Unwatch(_link);
        _link?.Tell(new LinkClosed("the replica was promoted"), Self);
        _link = null;
        _keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false), Self);
        _keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Promote.Instance), Self);
        Sender.Tell(SlaveProtocol.Promoted.Instance, Self);
        Context.Stop(Self);
    }

    private ReplicaLinkInfo BuildInfo()
    {
        var now = NowMs;
        return new ReplicaLinkInfo(
            _endpoint.Host, _endpoint.Port, _linkState, _linkUp,
            _lastIoMs < 0 ? -1 : (now - _lastIoMs) / 1000,
            _loader is not null, _loader?.BytesReceived ?? 0, _lastIoMs < 0 ? -1 : (now - _lastIoMs) / 1000,
            _replOffset, _replOffset, _settings.ReplicaPriority, _settings.ReplicaReadOnly,
            _linkUp ? -1 : (now - _linkDownSinceMs) / 1000,
            _refusedReason);
    }
}
