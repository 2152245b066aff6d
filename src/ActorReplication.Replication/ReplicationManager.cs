using ActorReplication.Actors;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Replica;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Replication;

/// <summary>
/// A node's replication, as one actor the host talks to (<c>/user/replication</c>). It creates the node's
/// <see cref="MasterActor"/> at start (<c>/user/replication/master</c>, the path replicas resolve on this node) and a
/// <see cref="SlaveActor"/> per REPLICAOF. Changing masters stops the old slave actor first and starts the new one only
/// when it has stopped, so everything the old link handed the keyspace is applied before the new one asks the master
/// actor for this node's history (its PSYNC). REPLICAOF NO ONE promotes through the slave actor, or here when none is
/// alive. WAIT goes through here so that it counts the client's writes (see <see cref="Wait"/>).
/// </summary>
public sealed class ReplicationManager : ReceiveActor
{
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

    /// <summary>
    /// REPLICAOF: follow <paramref name="Endpoint"/> (null: NO ONE) under board generation <paramref name="Generation"/>.
    /// Send it with <see cref="ReplicaOf"/> / <see cref="ReplicaOfNoOne"/>, which first switch the keyspace.
    /// </summary>
    public sealed record Follow(MasterEndpoint? Endpoint, long Generation) : INoSerializationVerificationNeeded;

    /// <summary>
    /// REPLICAOF host port, from the keyspace's turn (the RESP command) or anywhere else (then at the keyspace's next
    /// turn): the keyspace becomes a replica at this point of its order — a write after the +OK is refused — and the
    /// <see cref="MasterProtocol.Demote"/> marker enters the stream here too, so a REPLICAOF NO ONE issued after it
    /// always reaches the master actor after it. Then the manager starts following. Returns the board generation.
    /// </summary>
    /// <param name="master">This node's master actor (<see cref="GetMasterActor"/>): the feed must be attached for the marker to reach it.</param>
    public static long ReplicaOf(IActorRef keyspace, IActorRef master, IActorRef manager, ReplicationStatusBoard board, ReplicationSettings settings,
        MasterEndpoint endpoint)
    {
        var generation = board.BeginLink(endpoint, settings);
        keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, settings.ReplicaReadOnly, settings.ReplicaServeStaleData), ActorRefs.NoSender);
        keyspace.Tell(new KeyspaceReplication.AttachFeed(master), ActorRefs.NoSender); // free on a replica: it produces no effects
        keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Demote.Instance), ActorRefs.NoSender);
        manager.Tell(new Follow(endpoint, generation), ActorRefs.NoSender);
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
        board.EndLink();
        keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false), ActorRefs.NoSender);
        keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Promote.Instance), ActorRefs.NoSender);
        manager.Tell(new Follow(null, board.Generation), ActorRefs.NoSender);
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
        Receive<MasterProtocol.SetBacklogSize>(m => _master.Forward(m));
        Receive<MasterProtocol.SetDisklessSyncDelay>(m => _master.Forward(m));
        Receive<MasterProtocol.SetMinReplicas>(m => _master.Forward(m));
        Receive<MasterProtocol.KillReplicas>(m => _master.Forward(m));
        Receive<MasterProtocol.GetReplicationInfo>(m => _master.Forward(m));
        Receive<MasterProtocol.SaveSnapshot>(m => _master.Forward(m));
    }

    public static Props Props(IActorRef keyspace, ReplicationSettings settings, string requirePass, ReplicaIdentity identity, int databases,
        IClock clock, IMasterLocator locator, ReplicationStatusBoard board) =>
        Actors.Props.Create(() => new ReplicationManager(keyspace, settings, requirePass, identity, databases, clock, locator, board));

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

    private void HandleTerminated(Terminated terminated)
    {
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
            Log.LogInformation("REPLICAOF {Host}:{Port}: following it (my replica id {ReplicaId})", endpoint.Host, endpoint.Port, _identity.ReplicaId);
            _isReplica = true;
            _slave = Context.ActorOf(SlaveActor.Props(_keyspace, _master, ActorRefs.Nobody, endpoint, _identity, _settings, _databases, _clock,
                _locator, _board, follow.Generation), $"slave-{follow.Generation}");
            Context.Watch(_slave);
            return;
        }
        if (follow.Endpoint is null && _isReplica)
        {
            _isReplica = false;
            Log.LogInformation("REPLICAOF NO ONE: this node is a master now (MASTER MODE enabled)");
        }
    }
}
