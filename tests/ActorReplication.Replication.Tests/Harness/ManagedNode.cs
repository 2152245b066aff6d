using System.Text;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using ActorReplication.Resp;

namespace ActorReplication.Replication.Tests.Harness;

/// <summary>
/// A node wired as the host wires it, in-process: keyspace, board and <see cref="ReplicationManager"/> (with its master
/// actor). Its RESP address is (name, port): REPLICAOF and FAILOVER TO use it, and <see cref="Directory"/> locates the
/// master actor behind it — directly, or through a <see cref="LinkRelay"/> a spec put in front of it.
/// </summary>
internal sealed class ManagedNode
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system;

    public ManagedNode(ActorSystem system, string name, int port, ReplicationSettings settings, Directory directory)
    {
        _system = system;
        Name = name;
        Port = port;
        Settings = settings;
        Clock = new ManualClock(1_700_000_000_000);
        var engine = new KeyspaceEngine(new KeyspaceSettings { Databases = 4, RandomSeed = 7 }, Clock);
        Keyspace = system.ActorOf(KeyspaceActor.Props(engine, NoServer.Instance, new ServerStats(), passwordRequired: false), name + "-keyspace");
        Board = new ReplicationStatusBoard(settings.BacklogSize);
        Manager = system.ActorOf(ReplicationManager.Props(Keyspace, settings, "", new ReplicaIdentity(name, name, port), 4, Clock, directory, Board),
            name + "-replication");
        MasterActor = ReplicationManager.MasterActorOf(Manager, Deadline);
        directory.Add(this);
    }

    public string Name { get; }

    public int Port { get; }

    public ReplicationSettings Settings { get; }

    public ManualClock Clock { get; }

    public IActorRef Keyspace { get; }

    public ReplicationStatusBoard Board { get; }

    public IActorRef Manager { get; }

    public IActorRef MasterActor { get; }

    public MasterEndpoint Endpoint => new(Name, Port);

    public ReplicationInfo Info => Board.Snapshot();

    public void ReplicaOf(ManagedNode master) => ReplicationManager.ReplicaOf(Keyspace, MasterActor, Manager, Board, Settings, master.Endpoint);

    public bool Failover(ManagedNode? target = null, TimeSpan timeout = default, bool force = false) =>
        ReplicationManager.BeginFailover(Keyspace, Manager, Board, target?.Endpoint, timeout, force);

    public string Run(params string[] args) => RunAsync(args).Result;

    /// <summary>Runs one batch as a client; the task completes when the keyspace has answered (a paused write waits).</summary>
    public Task<string> RunAsync(params string[] args) => RunBatchAsync([args]);

    public async Task<string> RunBatchAsync(IEnumerable<string[]> commands)
    {
        using var requests = new RespRequestBatch();
        foreach (var c in commands) requests.Add(c);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var batch = new ExecuteBatch(requests, new Client(), new RespWriter(output));
        var done = batch.Prepare();
        Keyspace.Tell(batch);
        await done.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    public string Digest() => Run("DEBUG", "DIGEST");

    /// <summary>Endpoint → master actor, or the link relay a spec placed in front of it.</summary>
    internal sealed class Directory : IMasterLocator
    {
        private readonly Dictionary<string, IActorRef> _masters = [];
        private readonly Dictionary<string, IActorRef> _relays = [];

        public void Add(ManagedNode node)
        {
            lock (_masters) _masters[node.Name] = node.MasterActor;
        }

        /// <summary>The next replicas that locate <paramref name="master"/> get <paramref name="relay"/> in front of it.</summary>
        public void Route(ManagedNode master, IActorRef relay)
        {
            lock (_masters) _relays[master.Name] = relay;
        }

        public Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
        {
            lock (_masters)
            {
                if (_relays.TryGetValue(endpoint.Host, out var relay)) return Task.FromResult(relay);
                return _masters.TryGetValue(endpoint.Host, out var master)
                    ? Task.FromResult(master)
                    : Task.FromException<IActorRef>(new IOException($"Connection refused: {endpoint}"));
            }
        }
    }

    private sealed class Client : IClientState
    {
        public ClientSession Session { get; } = new();

        public RespProtocol Protocol => RespProtocol.Resp2;

        public bool IsAuthenticated => true;

        public bool CloseRequested => false;
    }

    private sealed class NoServer : IServerCommands
    {
        public static readonly NoServer Instance = new();

        public bool TryExecute(IClientState client, in RespCommand command, RespWriter reply) => false;

        public bool IsAllowedWithoutAuth(in RespCommand command) => true;
    }
}
