using System.Text;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Replica;
using ActorReplication.Resp;

namespace ActorReplication.Replication.Tests.Harness;

/// <summary>
/// One node in-process: a keyspace actor over its own engine and clock, and its master actor; <see cref="Follow"/>
/// adds a slave actor. Clients talk to it with <see cref="Run"/> (one ExecuteBatch, awaited with a deadline).
/// </summary>
internal sealed class TestNode
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system;
    private readonly TestClient _client = new();
    private readonly string _name;

    public TestNode(ActorSystem system, string name, ReplicationSettings settings, int databases = 4)
    {
        _system = system;
        _name = name;
        Settings = settings;
        Clock = new ManualClock(1_700_000_000_000);
        Engine = new KeyspaceEngine(new KeyspaceSettings { Databases = databases, RandomSeed = 7 }, Clock);
        Keyspace = system.ActorOf(KeyspaceActor.Props(Engine, NoServerCommands.Instance, new ServerStats(), passwordRequired: false), name + "-keyspace");
        Master = system.ActorOf(MasterActor.Props(Keyspace, settings), name + "-master");
    }

    public ReplicationSettings Settings { get; }

    public ManualClock Clock { get; }

    /// <summary>Owned by the keyspace actor: read it only through commands.</summary>
    public KeyspaceEngine Engine { get; }

    public IActorRef Keyspace { get; }

    public IActorRef Master { get; }

    public IActorRef? Slave { get; private set; }

    /// <summary>Starts following <paramref name="master"/> (a master actor, or a link relay in front of one).</summary>
    public IActorRef Follow(IActorRef master, string masterName = "127.0.0.1", int masterPort = 6379, int port = 6380)
    {
        Slave = _system.ActorOf(SlaveActor.Props(Keyspace, Master, master, new MasterEndpoint(masterName, masterPort),
            new ReplicaIdentity(_name, "127.0.0.1", port), Settings, Engine.DatabaseCount, Clock), _name + "-slave-" + Guid.NewGuid().ToString("N")[..6]);
        return Slave;
    }

    /// <summary>Stops following (the keyspace stays a replica).</summary>
    public void StopFollowing()
    {
        if (Slave is null) return;
        _system.Stop(Slave);
        Slave = null;
    }

    public void Promote()
    {
        var slave = Slave ?? throw new InvalidOperationException("not a replica");
        slave.Ask<SlaveProtocol.Promoted>(SlaveProtocol.ReplicaOfNoOne.Instance, Deadline).Wait(Deadline);
        Slave = null;
    }

    /// <summary>Runs one command as a client; returns the RESP reply text.</summary>
    public string Run(params string[] args) => RunBatch([args]);

    /// <summary>Runs several commands as one batch (one Propagate).</summary>
    public string RunBatch(IEnumerable<string[]> commands)
    {
        using var requests = new RespRequestBatch();
        foreach (var c in commands) requests.Add(c);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var batch = new ExecuteBatch(requests, _client, new RespWriter(output));
        var done = batch.Prepare();
        Keyspace.Tell(batch);
        if (!done.AsTask().Wait(Deadline)) throw new TimeoutException($"{_name}: batch not executed within {Deadline}");
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    public string Digest()
    {
        var reply = Run("DEBUG", "DIGEST");
        return reply.TrimStart('+').TrimEnd('\r', '\n');
    }

    public MasterReplicationInfo Info() =>
        Master.Ask<MasterReplicationInfo>(MasterProtocol.GetReplicationInfo.Instance, Deadline).Result;

    public ReplicaLinkInfo LinkInfo() =>
        (Slave ?? throw new InvalidOperationException("not a replica")).Ask<ReplicaLinkInfo>(SlaveProtocol.GetLinkInfo.Instance, Deadline).Result;

    internal sealed class TestClient : IClientState
    {
        public ClientSession Session { get; } = new();

        public RespProtocol Protocol => RespProtocol.Resp2;

        public bool IsAuthenticated => true;

        public bool CloseRequested => false;
    }

    internal sealed class NoServerCommands : IServerCommands
    {
        public static readonly NoServerCommands Instance = new();

        public bool TryExecute(IClientState client, in RespCommand command, RespWriter reply) => false;

        public bool IsAllowedWithoutAuth(in RespCommand command) => true;
    }
}
