using Akka.Actor;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Configuration;
using ActorReplication.Replication;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Serialization;
using ActorReplication.Replication.Topology;
using ActorReplication.Cache.Actors;
using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Replication on a node: started once remoting and the RESP listener are up. It registers the replication serializer,
/// creates the <see cref="ReplicationManager"/> (<c>/user/replication</c>, which creates the node's master actor), and
/// follows <c>replication.replicaof</c> (<c>--replicaof "host port"</c>) when set. RESP commands change it only with
/// messages and read it only from the <see cref="Board"/>, so nothing here blocks the keyspace's turn.
/// </summary>
public sealed class ReplicationHosting
{
    private readonly Lock _gate = new();
    private readonly IActorRef _keyspace;
    private long _backlogSize;
    private long _disklessSyncDelaySeconds;
    private int _minReplicasToWrite;
    private long _minReplicasMaxLagSeconds;

    private ReplicationHosting(IActorRef keyspace, ReplicationSettings settings, ReplicationStatusBoard board, IActorRef manager, IActorRef masterActor)
    {
        _keyspace = keyspace;
        Settings = settings;
        Board = board;
        Manager = manager;
        MasterActor = masterActor;
        _backlogSize = settings.BacklogSize;
        _disklessSyncDelaySeconds = (long)settings.DisklessSyncDelay.TotalSeconds;
        _minReplicasToWrite = settings.MinReplicasToWrite;
        _minReplicasMaxLagSeconds = (long)settings.MinReplicasMaxLag.TotalSeconds;
    }

    /// <summary>The <c>replication</c> section as read at start (CONFIG SET changes are tracked below).</summary>
    public ReplicationSettings Settings { get; }

    /// <summary>What INFO replication / stats and ROLE render.</summary>
    public ReplicationStatusBoard Board { get; }

    /// <summary><c>/user/replication</c>.</summary>
    public IActorRef Manager { get; }

    /// <summary><c>/user/replication/master</c>, this node's master actor.</summary>
    public IActorRef MasterActor { get; }

    /// <summary>The master this node follows (REPLICAOF, or a failover that made it a replica), or null.</summary>
    public MasterEndpoint? Master => Board.Endpoint;

    /// <summary>The follow-the-cluster settings (<see cref="TopologySettings.Off"/> unless <c>replication.follow</c> is set).</summary>
    public TopologySettings Topology { get; private init; } = TopologySettings.Off;

    /// <summary>The topology actor's read model (who is master, which members are replicas); null without follow-the-cluster.</summary>
    public TopologyBoard? TopologyBoard { get; private init; }

    public long BacklogSize => Volatile.Read(ref _backlogSize);

    public long DisklessSyncDelaySeconds => Volatile.Read(ref _disklessSyncDelaySeconds);

    public int MinReplicasToWrite => Volatile.Read(ref _minReplicasToWrite);

    public long MinReplicasMaxLagSeconds => Volatile.Read(ref _minReplicasMaxLagSeconds);

    /// <summary>
    /// Starts replication and sets <see cref="NodeRuntime.Replication"/>. On a bad replication setting it logs the key
    /// and reason, stops the host and the actor system, and returns false (the node exits with 1).
    /// </summary>
    public static bool TryStart(NodeRuntime node, WebApplication app, ILogger log)
    {
        ReplicationSettings settings;
        TopologySettings topology;
        try
        {
            settings = ReplicationSettings.FromConfig(node.Config);
            topology = TopologySettings.FromConfig(node.Config);
            if (topology.Enabled && !Membership.NodeActorSystem.IsClusterMember(node.Config))
                throw new ConfigException(NodeConfiguration.FollowNeedsCluster);
        }
        catch (ConfigException ex)
        {
            log.LogCritical("Bad replication configuration: {Error}", ex.Message);
            app.StopAsync().Wait(TimeSpan.FromSeconds(5));
            node.System.Terminate().Wait(TimeSpan.FromSeconds(5));
            return false;
        }
        var board = new ReplicationStatusBoard(settings.BacklogSize);
        var identity = new ReplicaIdentity(node.RunId, AnnouncedIp(node), node.Port);
        IMasterLocator locator = new WireMasterLocator(node.System, node.SerializedPath, settings.Timeout);
        TopologyBoard? topologyBoard = null;
        if (topology.Enabled)
        {
            // Until the cluster decides this node's role it accepts no write (see TopologyHosting).
            node.Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, true, true));
            topologyBoard = new TopologyBoard(topology.Group!);
            locator = new GatedMasterLocator(locator, topologyBoard);
        }
        var manager = node.System.ActorOf(ReplicationManager.Props(node.Keyspace, settings, node.Settings.RequirePass, identity,
            node.Settings.Databases, SystemClock.Instance, locator, board), "replication");
        var hosting = new ReplicationHosting(node.Keyspace, settings, board, manager, ReplicationManager.MasterActorOf(manager, TimeSpan.FromSeconds(10)))
        {
            Topology = topology,
            TopologyBoard = topologyBoard,
        };
        node.Replication = hosting;
        log.LogInformation("Replication started: master actor at {Address}{Path}, replica id {ReplicaId}",
            node.RemoteAddress, ReplicationManager.MasterPath, identity.ReplicaId);
        var configuredMaster = settings.ReplicaOf is { } configured ? MasterEndpoint.TryParse(configured) : null;
        var followAtStart = configuredMaster ?? node.FollowAtStart;
        var followsAtStart = followAtStart is not null || topology.Enabled;
        if (node.RestoredHistory is { } restored)
            hosting.MasterActor.Tell(new MasterProtocol.RestoredFromFile(restored.ReplId, restored.Offset, followsAtStart));
        if (followAtStart is { } endpoint)
        {
            log.LogInformation("{Source}: following {Master}", configuredMaster is null ? "REPLICAOF before the rejoin" : "replication.replicaof", endpoint);
            hosting.ReplicaOf(endpoint);
        }
        return true;
    }

    /// <summary>The address a master shows for this replica (slaveN:ip=): the first bound address that is not a wildcard.</summary>
    private static string AnnouncedIp(NodeRuntime node) =>
        node.Settings.Bind.FirstOrDefault(b => b is not ("0.0.0.0" or "::" or "[::]")) ?? node.RemoteAddress.Host ?? "127.0.0.1";

    /// <summary>
    /// REPLICAOF host port (called in the keyspace's turn: the keyspace switches at this point of its order). False when
    /// already following exactly that master (Redis: "+OK Already connected to specified master").
    /// </summary>
    /// <param name="acceptEmptyMaster">FORCE: follow even a master that restarted empty (a new link, also to the current master).</param>
    public bool ReplicaOf(MasterEndpoint endpoint, bool acceptEmptyMaster = false)
    {
        lock (_gate)
        {
            if (!acceptEmptyMaster && Board.Endpoint is { } current && string.Equals(current.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase) && current.Port == endpoint.Port)
                return false;
            ReplicationManager.ReplicaOf(_keyspace, MasterActor, Manager, Board, Settings, endpoint, acceptEmptyMaster);
            return true;
        }
    }

    /// <summary>REPLICAOF NO ONE (nothing to do on a master).</summary>
    public void ReplicaOfNoOne()
    {
        lock (_gate)
        {
            if (Board.Endpoint is null) return;
            ReplicationManager.ReplicaOfNoOne(_keyspace, Manager, Board);
        }
    }

    /// <summary>CLIENT KILL TYPE replica|slave: the number of replica links closed (each replica reconnects and PSYNCs).</summary>
    public int KillReplicas(string who)
    {
        var count = Board.Snapshot().Master.Replicas.Count;
        if (count > 0) Manager.Tell(new MasterProtocol.KillReplicas($"CLIENT KILL TYPE replica by {who}"));
        return count;
    }

    /// <summary>CLIENT KILL TYPE master: 1 when this replica's link was established (it reconnects and PSYNCs), else 0.</summary>
    public int KillMasterLink(string who)
    {
        if (Board.Snapshot().Replica is not { LinkState: "sync" or "connected" }) return 0;
        Manager.Tell(new SlaveProtocol.DropLink($"CLIENT KILL TYPE master by {who}"));
        return 1;
    }

    public void SetBacklogSize(long bytes)
    {
        Volatile.Write(ref _backlogSize, bytes);
        Manager.Tell(new MasterProtocol.SetBacklogSize(bytes));
    }

    public void SetDisklessSyncDelay(long seconds)
    {
        Volatile.Write(ref _disklessSyncDelaySeconds, seconds);
        Manager.Tell(new MasterProtocol.SetDisklessSyncDelay(TimeSpan.FromSeconds(seconds)));
    }

    public void SetMinReplicas(int? toWrite, long? maxLagSeconds)
    {
        lock (_gate)
        {
            if (toWrite is int w) _minReplicasToWrite = w;
            if (maxLagSeconds is long l) _minReplicasMaxLagSeconds = l;
            Manager.Tell(new MasterProtocol.SetMinReplicas(_minReplicasToWrite, TimeSpan.FromSeconds(_minReplicasMaxLagSeconds)));
        }
    }

    /// <summary>
    /// WAIT: the number of replicas that acknowledged everything written before it, once <paramref name="numReplicas"/>
    /// did or <paramref name="timeout"/> passed (zero: no limit). Completes without blocking any actor; canceled when the
    /// client goes away.
    /// </summary>
    public async Task<long> WaitAsync(int numReplicas, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var askTimeout = timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout + TimeSpan.FromSeconds(10);
        var result = await Manager.Ask<MasterProtocol.WaitResult>(new ReplicationManager.Wait(numReplicas, timeout), askTimeout, cancellationToken)
            .ConfigureAwait(false);
        return result.Replicas;
    }
}
