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

    /// <summary>REPLICAOF: follow <paramref name="Endpoint"/> (null: NO ONE) under board generation <paramref name="Generation"/>.</summary>
    public sealed record Follow(MasterEndpoint? Endpoint, long Generation) : INoSerializationVerificationNeeded;

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

    /// <summary>No slave actor is alive: start the one REPLICAOF asked for, or become a master.</summary>
    private void Apply()
    {
        if (_desired is not { } follow) return;
        _desired = null;
        if (follow.Endpoint is { } endpoint)
        {
            Log.LogInformation("REPLICAOF {Host}:{Port}: following it (my replica id {ReplicaId})", endpoint.Host, endpoint.Port, _identity.ReplicaId);
            _isReplica = true;
            _slave = Context.ActorOf(SlaveActor.Props(_keyspace, _master, ActorRefs.Nobody, endpoint, _identity, _settings, _databases, _clock,
                _locator, _board, follow.Generation), $"slave-{follow.Generation}");
            Context.Watch(_slave);
            return;
        }
        if (!_isReplica) return;
        // The slave actor was stopped (a change of master in between): promote here, as it would have.
        _isReplica = false;
        Log.LogInformation("REPLICAOF NO ONE: this node is a master now");
        _keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false), Self);
        _keyspace.Tell(new KeyspaceReplication.Relay(MasterProtocol.Promote.Instance), Self);
    }
}
