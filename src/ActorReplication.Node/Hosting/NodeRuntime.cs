using System.Security.Cryptography;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Configuration;
using ActorReplication.Node.Resp;
using Akka.Configuration;

namespace ActorReplication.Node.Hosting;

/// <summary>Everything one running node shares between its listener and its actors.</summary>
public sealed class NodeRuntime
{
    public const string Version = "7.0.0-ar.0.1";

    public NodeRuntime(Config config, NodeSettings settings, string? configFile)
    {
        Config = config;
        Settings = settings;
        ConfigFile = configFile;
        RunId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        _maxClients = settings.MaxClients;
        Files = new DataFiles(settings, () => Port);
        Saves = new SnapshotSaves(this);
    }

    private volatile int _maxClients;

    public Config Config { get; }
    public NodeSettings Settings { get; }
    public string? ConfigFile { get; }

    /// <summary>40 random hex characters per process start, as Redis's run_id.</summary>
    public string RunId { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public ServerStats Stats { get; } = new();
    public ClientRegistry Clients { get; } = new();

    /// <summary>The replid and offset of the snapshot file loaded at start (null: none), handed to replication when it starts.</summary>
    public SnapshotHeader? RestoredHistory { get; set; }

    /// <summary>The master to follow again when replication starts in a new incarnation (REPLICAOF given at run time); null: none.</summary>
    public Replication.Replica.MasterEndpoint? FollowAtStart { get; set; }

    /// <summary>Set once the node is stopping: an ActorSystem that ends then is not replaced.</summary>
    public bool ShuttingDown { get; set; }

    /// <summary>The data directory and the files in it (resolved once the port is bound).</summary>
    public DataFiles Files { get; }

    /// <summary>SAVE / BGSAVE / LASTSAVE: the snapshot file.</summary>
    public SnapshotSaves Saves { get; }

    /// <summary>maxclients: starts from the settings, CONFIG SET changes it for new connections.</summary>
    public int MaxClients
    {
        get => _maxClients;
        set => _maxClients = value;
    }

    /// <summary>The RESP port actually bound (differs from the setting when that is 0).</summary>
    public int Port { get; set; }

    public ActorSystem System { get; set; } = null!;

    /// <summary>The node's logging (console or logfile); Akka's log goes there too.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; set; } = null!;

    /// <summary>This node's Akka.Remote address (<c>akka.tcp://node@host:port</c>): how other nodes and clients reach its actors.</summary>
    public Address RemoteAddress => ((ExtendedActorSystem)System).Provider.DefaultAddress;

    /// <summary>The remoting options read at start (TLS, fault injection).</summary>
    public Membership.RemotingOptions Remoting { get; set; } = null!;

    /// <summary>An actor of this or another node by its full path (a remote ref needs no round trip).</summary>
    public IActorRef ResolveActorRef(string path) => ((ExtendedActorSystem)System).Provider.ResolveActorRef(path);

    /// <summary>The full path (with this node's address) another node can reach <paramref name="actor"/> by.</summary>
    public string SerializedPath(IActorRef actor) => actor.Path.ToSerializationFormatWithAddress(RemoteAddress);
    public KeyspaceEngine Engine { get; set; } = null!;

    /// <summary>The current keyspace actor (it changes when the node replaces its ActorSystem); clients' batches go through <see cref="KeyspaceDoor"/>.</summary>
    public IActorRef Keyspace => KeyspaceDoor.Keyspace;

    public KeyspaceDoor KeyspaceDoor { get; } = new();

    /// <summary>Replication (master actor, REPLICAOF, INFO replication); null until it has started.</summary>
    public ReplicationHosting? Replication { get; set; }

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once everything behind the RESP port (replication, cluster, topology, client gateway) has started.
    /// The listener must bind first (replication announces the bound port), so a client that connects in between
    /// waits for this instead of meeting a half-started node.
    /// </summary>
    public Task Started => _started.Task;

    public void MarkStarted() => _started.TrySetResult();

    /// <summary>Stops the host (SHUTDOWN).</summary>
    public Action RequestShutdown { get; set; } = () => { };
}
