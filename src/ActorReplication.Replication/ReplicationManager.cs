using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Replica;

namespace ActorReplication.Replication;

/// <summary>
/// A node's replication, as one actor the host talks to (<c>/user/replication</c>). It creates the node's
/// <see cref="MasterActor"/> at start (<c>/user/replication/master</c>, the path replicas resolve on this node) and a
/// <see cref="SlaveActor"/> per REPLICAOF. Changing masters stops the old slave actor first and starts the new one only
/// when it has stopped, so everything the old link handed the keyspace is applied before the new one asks the master
/// actor for this node's history (its PSYNC). WAIT goes through here so that it counts the client's writes (see
/// <see cref="Wait"/>); so does FAILOVER (<see cref="BeginFailover"/>, <see cref="FailoverCoordinator"/>).
/// <para>
/// Role changes, for RESP commands and for other actors (membership-driven topology):
/// <list type="bullet">
/// <item><b>Follow X</b>: <see cref="ReplicaOf"/> (static, in the keyspace's turn or anywhere), or tell the manager
/// <see cref="BecomeReplicaOf"/>. A former master PSYNCs with its own history and continues partially.</item>
/// <item><b>Promote me</b>: <see cref="ReplicaOfNoOne"/>, or tell the manager <see cref="BecomeMaster"/>: replid →
/// replid2 at this offset, a new replid, the backlog kept, so siblings continue partially.</item>
/// <item><b>Promote that replica</b> (from its master, over remoting): <see cref="ReplicationProtocol.FailoverPromote"/>
/// to the replica's manager; it promotes itself if it follows that replid and answers
/// <see cref="ReplicationProtocol.FailoverPromoted"/> or <see cref="ReplicationProtocol.FailoverRefused"/>.</item>
/// </list>
/// The board (<see cref="ReplicationStatusBoard.Endpoint"/>) always says whom the node follows.
/// </para>
/// </summary>
public sealed class ReplicationManager : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Where a node's master actor lives, relative to its address.</summary>
    public const string MasterPath = "/user/replication/master";

    /// <summary>The walk id of the keyspace barrier: no walk ever has it, so the keyspace answers "no such walk" in order.</summary>
    private const long BarrierWalkId = long.MinValue;

    private readonly IActorRef _keyspace;
    private readonly ReplicationSettings _settings;
    private readonly string _requirePass;
    private readonly ReplicaIdentity _identity;
    private readonly int _databases;
    private readonly IClock _clock;
    private readonly IMasterLocator _locator;
    private readonly ReplicationStatusBoard _board;
    private readonly Queue<(Wait Wait, IActorRef ReplyTo)> _waits = new();
    private IActorRef _master = ActorRefs.Nobody;
    private IActorRef? _slave;
    private bool _slaveStopping;
    private bool _isReplica;
    private Follow? _desired;
    private IActorRef? _failover;

    /// <summary>
    /// REPLICAOF: follow <paramref name="Endpoint"/> (null: NO ONE) under board generation <paramref name="Generation"/>.
    /// Send it with <see cref="ReplicaOf"/> / <see cref="ReplicaOfNoOne"/>, which first switch the keyspace.
    /// </summary>
    /// <param name="AcceptEmptyMaster">REPLICAOF ... FORCE: this link accepts a master that restarted empty (<see cref="EmptyMasterGuard"/>).</param>
    public sealed record Follow(MasterEndpoint? Endpoint, long Generation, bool AcceptEmptyMaster = false) : INoSerializationVerificationNeeded;

    /// <summary>
    /// REPLICAOF host port, from the keyspace's turn (the RESP command) or anywhere else (then at the keyspace's next
    /// turn): the keyspace becomes a replica at this point of its order — a write after the +OK is refused — and the
    /// <see cref="MasterProtocol.Demote"/> marker enters the stream here too, so a REPLICAOF NO ONE issued after it
    /// always reaches the master actor after it. Then the manager starts following. Returns the board generation.
    /// </summary>
    /// <param name="master">This node's master actor (<see cref="GetMasterActor"/>): the feed must be attached for the marker to reach it.</param>
    public static long ReplicaOf(IActorRef keyspace, IActorRef master, IActorRef manager, ReplicationStatusBoard board, ReplicationSettings settings,
        MasterEndpoint endpoint, bool acceptEmptyMaster = false)
    {
        var generation = board.BeginLink(endpoint, settings);
        keyspace.Tell(new KeyspaceReplication.SetLinkGeneration(generation), ActorRefs.NoSender);
        keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, settings.ReplicaReadOnly, settings.ReplicaServeStaleData), ActorRefs.NoSender);
        keyspace.Tell(new KeyspaceReplication.AttachFeed(master), ActorRefs.NoSender); // free on a replica: it produces no effects
        keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Demote.Instance), ActorRefs.NoSender);
        manager.Tell(new Follow(endpoint, generation, acceptEmptyMaster), ActorRefs.NoSender);
        return generation;
    }

    /// <summary>
    /// REPLICAOF NO ONE, from the keyspace's turn or anywhere else (then at the keyspace's next turn): the keyspace
    /// becomes a master and the promotion marker (replid → replid2 at this offset) enters the stream at this point of
    /// its order — a write after the +OK is accepted — then the manager stops the slave actor. Bytes the old link had
    /// already handed the keyspace apply after the marker, as the new master's stream.
    /// </summary>
    public static void ReplicaOfNoOne(IActorRef keyspace, IActorRef manager, ReplicationStatusBoard board)
    {
        var generation = board.EndLink();
        keyspace.Tell(new KeyspaceReplication.SetLinkGeneration(generation), ActorRefs.NoSender); // the old link's late messages are dropped
        keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false), ActorRefs.NoSender);
        keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Promote.Instance), ActorRefs.NoSender);
        manager.Tell(new Follow(null, board.Generation), ActorRefs.NoSender);
    }

    /// <summary>Follow <paramref name="Endpoint"/> (as REPLICAOF host port), told by another actor.</summary>
    public sealed record BecomeReplicaOf(MasterEndpoint Endpoint) : INoSerializationVerificationNeeded;

    /// <summary>Stop following and be a master (as REPLICAOF NO ONE), told by another actor; nothing happens on a master.</summary>
    public sealed record BecomeMaster : INoSerializationVerificationNeeded
    {
        public static readonly BecomeMaster Instance = new();
    }

    /// <summary>FAILOVER [TO host port [FORCE]] [TIMEOUT ms], started by <see cref="BeginFailover"/> (writes already paused).</summary>
    public sealed record StartFailover(long Id, MasterEndpoint? Target, TimeSpan Timeout, bool Force) : INoSerializationVerificationNeeded;

    /// <summary>FAILOVER ABORT (see <see cref="AbortFailoverNow"/>).</summary>
    public sealed record AbortFailover : INoSerializationVerificationNeeded
    {
        public static readonly AbortFailover Instance = new();
    }

    /// <summary>
    /// FAILOVER on a master, from the keyspace's turn (the RESP command checked Redis's conditions on the board): writes
    /// pause at this point of the keyspace's order (a write after the +OK waits), then a <see cref="FailoverCoordinator"/>
    /// hands over. False when a failover is in progress already.
    /// </summary>
    public static bool BeginFailover(IActorRef keyspace, IActorRef manager, ReplicationStatusBoard board, MasterEndpoint? target, TimeSpan timeout, bool force)
    {
        if (!board.TryBeginFailover(out var id)) return false;
        keyspace.Tell(new KeyspaceReplication.SetWritesPaused(true), ActorRefs.NoSender);
        manager.Tell(new StartFailover(id, target, timeout, force), ActorRefs.NoSender);
        return true;
    }

    /// <summary>FAILOVER ABORT: no-failover and writes resume at once (in the command's order); false when none is in progress.</summary>
    public static bool AbortFailoverNow(IActorRef keyspace, IActorRef manager, ReplicationStatusBoard board)
    {
        if (!board.AbortFailover()) return false;
        keyspace.Tell(new KeyspaceReplication.SetWritesPaused(false), ActorRefs.NoSender);
        manager.Tell(AbortFailover.Instance, ActorRefs.NoSender);
        return true;
    }

    /// <summary>Replies this node's master actor (an <see cref="IActorRef"/>): what <see cref="ReplicaOf"/> needs.</summary>
    public sealed record GetMasterActor : INoSerializationVerificationNeeded
    {
        public static readonly GetMasterActor Instance = new();
    }

    /// <summary>Asks <paramref name="manager"/> for its master actor (at start, off any actor: it blocks up to <paramref name="timeout"/>).</summary>
    public static IActorRef MasterActorOf(IActorRef manager, TimeSpan timeout) =>
        manager.Ask<IActorRef>(GetMasterActor.Instance, timeout).GetAwaiter().GetResult();

    /// <summary>
    /// WAIT numreplicas timeout: replies <see cref="MasterProtocol.WaitResult"/>. A barrier through the keyspace first
    /// (everything the client wrote before has then been fed to the master actor), then the master actor counts the
    /// replicas that acknowledged its offset at that point.
    /// </summary>
    public sealed record Wait(int NumReplicas, TimeSpan Timeout) : INoSerializationVerificationNeeded;

    public ReplicationManager(IActorRef keyspace, ReplicationSettings settings, string requirePass, ReplicaIdentity identity, int databases,
        IClock clock, IMasterLocator locator, ReplicationStatusBoard board)
    {
        _keyspace = keyspace;
        _settings = settings;
        _requirePass = requirePass;
        _identity = identity;
        _databases = databases;
        _clock = clock;
        _locator = locator;
        _board = board;

        Receive<Follow>(HandleFollow);
        Receive<Terminated>(HandleTerminated);
        Receive<SlaveProtocol.Promoted>(_ => { });
        Receive<SlaveProtocol.DropLink>(m => _slave?.Forward(m));
        Receive<Wait>(m =>
        {
            _waits.Enqueue((m, Sender));
            _keyspace.Tell(new KeyspaceReplication.ContinueSnapshotWalk(BarrierWalkId), Self);
        });
        Receive<KeyspaceReplication.SnapshotWalkAborted>(m => m.WalkId == BarrierWalkId, _ =>
        {
            if (!_waits.TryDequeue(out var w)) return;
            _master.Tell(new MasterProtocol.WaitForReplicas(w.Wait.NumReplicas, w.Wait.Timeout, w.ReplyTo), Self);
        });
        Receive<GetMasterActor>(_ => Sender.Tell(_master, Self));
        Receive<StartFailover>(HandleStartFailover);
        Receive<BecomeReplicaOf>(m => ReplicaOf(_keyspace, _master, Self, _board, _settings, m.Endpoint));
        Receive<BecomeMaster>(_ =>
        {
            if (_board.Endpoint is not null) ReplicaOfNoOne(_keyspace, Self, _board);
        });
        Receive<AbortFailover>(m => _failover?.Forward(m));
        Receive<ReplicationProtocol.FailoverPromote>(HandleFailoverPromote);
        Receive<MasterProtocol.SetBacklogSize>(m => _master.Forward(m));
        Receive<MasterProtocol.SetDisklessSyncDelay>(m => _master.Forward(m));
        Receive<MasterProtocol.SetMinReplicas>(m => _master.Forward(m));
        Receive<MasterProtocol.KillReplicas>(m => _master.Forward(m));
        Receive<MasterProtocol.GetReplicationInfo>(m => _master.Forward(m));
        Receive<MasterProtocol.SaveSnapshot>(m => _master.Forward(m));
    }

    public static Props Props(IActorRef keyspace, ReplicationSettings settings, string requirePass, ReplicaIdentity identity, int databases,
        IClock clock, IMasterLocator locator, ReplicationStatusBoard board) =>
        Akka.Actor.Props.Create(() => new ReplicationManager(keyspace, settings, requirePass, identity, databases, clock, locator, board));

    protected override void PreStart() =>
        _master = Context.ActorOf(MasterActor.Props(_keyspace, _settings, _requirePass, _board), "master");

    private void HandleFollow(Follow follow)
    {
        _desired = follow;
        if (_slave is null) Apply();
        else if (!_slaveStopping)
        {
            _slaveStopping = true;
            Context.Stop(_slave);
        }
    }

    private void HandleStartFailover(StartFailover start)
    {
        _failover = Context.ActorOf(FailoverCoordinator.Props(start, _keyspace, _master, Self, _board, _settings), $"failover-{start.Id}");
        Context.Watch(_failover);
    }

    /// <summary>
    /// Our master's FAILOVER chose this replica (Redis's PSYNC FAILOVER): promote, as REPLICAOF NO ONE does, if we follow
    /// the history it names — we hold its whole stream (it waited for our ack) unless it forced the switch.
    /// </summary>
    private void HandleFailoverPromote(ReplicationProtocol.FailoverPromote promote)
    {
        var info = _board.Snapshot();
        if (_slave is null || info.Replica is null)
        {
            Sender.Tell(new ReplicationProtocol.FailoverRefused("this node is not a replica"), Self);
            return;
        }
        if (info.Master.MasterReplId != promote.ReplId)
        {
            Sender.Tell(new ReplicationProtocol.FailoverRefused($"PSYNC FAILOVER replid must match my replid (mine is {info.Master.MasterReplId}, asked {promote.ReplId})"), Self);
            return;
        }
        _log.Info("Promoting to master by a FAILOVER request of {Master} (replid {ReplId}, offset {Offset})",
            info.Replica.MasterHost + ":" + info.Replica.MasterPort, promote.ReplId, info.Master.MasterReplOffset);
        ReplicaOfNoOne(_keyspace, Self, _board);
        Sender.Tell(ReplicationProtocol.FailoverPromoted.Instance, Self);
        Context.System.EventStream.Publish(new ReplicationEvents.PromotedByFailover(promote.ReplId, info.Master.MasterReplOffset));
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_failover))
        {
            _failover = null;
            return;
        }
        if (!terminated.ActorRef.Equals(_slave)) return;
        _slave = null;
        _slaveStopping = false;
        Apply();
    }

    /// <summary>No slave actor is alive: start the one REPLICAOF asked for (unless a later REPLICAOF replaced it).</summary>
    private void Apply()
    {
        if (_desired is not { } follow) return;
        _desired = null;
        if (follow.Endpoint is { } endpoint && follow.Generation == _board.Generation)
        {
            _log.Info("REPLICAOF {Host}:{Port}: following it (my replica id {ReplicaId})", endpoint.Host, endpoint.Port, _identity.ReplicaId);
            _isReplica = true;
            var settings = follow.AcceptEmptyMaster ? _settings with { ReplicaAcceptEmptyMaster = true } : _settings;
            _slave = Context.ActorOf(SlaveActor.Props(_keyspace, _master, ActorRefs.Nobody, endpoint, _identity, settings, _databases, _clock,
                _locator, _board, follow.Generation), $"slave-{follow.Generation}");
            Context.Watch(_slave);
            return;
        }
        if (follow.Endpoint is null && _isReplica)
        {
            _isReplica = false;
            _log.Info("REPLICAOF NO ONE: this node is a master now (MASTER MODE enabled)");
        }
    }
}
