using System.Text;
using ActorReplication.Actors;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Serialization;
using ActorReplication.Resp;
using ActorReplication.TestKit.MultiNode;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Remote;

/// <summary>
/// Replication between actor systems over real remoting (loopback TCP, serialization of every message checked), each
/// node with its keyspace and <see cref="ReplicationManager"/> as the host wires them; the master is found through a
/// locator as REPLICAOF finds it. Real time, bounded waits.
/// </summary>
public sealed class RemoteReplicationSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static ReplicationSettings Settings => ReplicationSettings.Default with
    {
        DisklessSyncDelay = TimeSpan.Zero,
        SnapshotChunkSize = 1024,
        Timeout = TimeSpan.FromSeconds(5),
        ReconnectBackoffMin = TimeSpan.FromMilliseconds(100),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public void A_replica_syncs_over_remoting_follows_the_stream_and_resyncs_partially_after_a_dropped_link()
    {
        using var harness = MultiNodeHarness.Start(2, output: output);
        var master = new ReplNode(harness[0], Settings, harness);
        var replica = new ReplNode(harness[1], Settings, harness);
        for (var i = 0; i < 2000; i++) master.Run("SET", $"k:{i}", new string('v', 50));

        replica.ReplicaOf(master);
        AwaitInSync(harness[1], master, replica);
        Assert.Equal("slave", replica.Board.Snapshot().Role);
        Assert.Single(master.Board.Snapshot().Master.Replicas);

        master.Run("INCR", "counter");
        master.Run("DEL", "k:1");
        AwaitInSync(harness[1], master, replica);

        var before = master.Board.Snapshot().Master;
        replica.Manager.Tell(new SlaveProtocol.DropLink("CLIENT KILL TYPE master"));
        for (var i = 0; i < 100; i++) master.Run("SET", $"after:{i}", "x");
        AwaitInSync(harness[1], master, replica);
        harness[1].AwaitAssert(() =>
        {
            var after = master.Board.Snapshot().Master;
            Assert.Equal(before.SyncFull, after.SyncFull);
            Assert.Equal(before.SyncPartialOk + 1, after.SyncPartialOk);
        }, Wait);

        master.Manager.Tell(new Master.MasterProtocol.KillReplicas("CLIENT KILL TYPE replica"));
        master.Run("SET", "after-kill", "y");
        AwaitInSync(harness[1], master, replica);
        harness[1].AwaitAssert(() => Assert.Equal(before.SyncPartialOk + 2, master.Board.Snapshot().Master.SyncPartialOk), Wait);
    }

    /// <summary>
    /// Longer than remote.acceptable-heartbeat-pause (3s here) without a frame: with remote death watch the nodes would
    /// quarantine each other for good; replication does not watch across nodes, so after the partition heals the link
    /// carries on. The write made during the partition was dropped by the black hole (harsher than TCP, which would
    /// retransmit it): the master's next keepalive carries its offset, the replica sees the gap and continues from the
    /// backlog.
    /// </summary>
    [Fact]
    public void After_a_partition_longer_than_the_heartbeat_pause_the_replica_reconnects_and_continues()
    {
        using var harness = MultiNodeHarness.Start(2, output: output);
        var settings = Settings with { Timeout = TimeSpan.FromSeconds(60), PingReplicaPeriod = TimeSpan.FromSeconds(1) };
        var master = new ReplNode(harness[0], settings, harness);
        var replica = new ReplNode(harness[1], settings, harness);
        master.Run("SET", "a", "1");
        replica.ReplicaOf(master);
        AwaitInSync(harness[1], master, replica);
        var before = master.Board.Snapshot().Master;

        harness.Blackhole(harness[0], harness[1]);
        master.Run("SET", "b", "2");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(4.5);
        harness[0].AwaitCondition(() => DateTime.UtcNow > deadline, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        harness.Heal(harness[0], harness[1]);

        AwaitInSync(harness[1], master, replica);
        var after = master.Board.Snapshot().Master;
        Assert.Equal(before.SyncFull, after.SyncFull);
        Assert.Equal(before.SyncPartialOk + 1, after.SyncPartialOk);
    }

    [Fact]
    public void A_master_that_cannot_be_located_shows_a_down_link_until_it_can()
    {
        using var harness = MultiNodeHarness.Start(2, output: output);
        var master = new ReplNode(harness[0], Settings, harness);
        var replica = new ReplNode(harness[1], Settings, harness);
        master.Run("SET", "a", "1");
        replica.Locator.Unreachable = true;
        replica.ReplicaOf(master);
        harness[1].AwaitAssert(() =>
        {
            var link = replica.Board.Snapshot().Replica!;
            Assert.False(link.LinkUp);
            Assert.Equal("connect", link.LinkState);
        }, Wait);
        replica.Locator.Unreachable = false;
        AwaitInSync(harness[1], master, replica);
    }

    [Fact]
    public void Replicaof_no_one_promotes_and_a_sibling_continues_partially_with_the_promoted_replica()
    {
        using var harness = MultiNodeHarness.Start(3, output: output);
        var master = new ReplNode(harness[0], Settings, harness);
        var r1 = new ReplNode(harness[1], Settings, harness);
        var r2 = new ReplNode(harness[2], Settings, harness);
        for (var i = 0; i < 100; i++) master.Run("SET", $"k:{i}", "v");
        r1.ReplicaOf(master);
        r2.ReplicaOf(master);
        AwaitInSync(harness[1], master, r1);
        AwaitInSync(harness[2], master, r2);

        r1.ReplicaOfNoOne();
        harness[1].AwaitAssert(() => Assert.Equal("master", r1.Board.Snapshot().Role), Wait);
        r2.ReplicaOf(r1);
        AwaitInSync(harness[2], r1, r2);
        r1.Run("SET", "written-on-the-new-master", "1");
        AwaitInSync(harness[2], r1, r2);
        var info = r1.Board.Snapshot().Master;
        Assert.Equal(0, info.SyncFull);
        Assert.Equal(1, info.SyncPartialOk);
    }

    private static void AwaitInSync(TestNode on, ReplNode master, ReplNode replica) =>
        on.AwaitAssert(() =>
        {
            var m = master.Board.Snapshot();
            var r = replica.Board.Snapshot();
            Assert.True(r.Replica!.LinkUp, "link up");
            Assert.Equal(m.Master.MasterReplOffset, r.Replica.SlaveReplOffset);
            Assert.Equal(master.Digest(), replica.Digest());
        }, Wait, TimeSpan.FromMilliseconds(50));

    /// <summary>One node: keyspace, board, replication manager, as NodeHost wires them.</summary>
    private sealed class ReplNode
    {
        private readonly Client _client = new();
        private readonly MultiNodeHarness _harness;

        public ReplNode(TestNode node, ReplicationSettings settings, MultiNodeHarness harness)
        {
            _harness = harness;
            Node = node;
            Settings = settings;
            ReplicationSerialization.Register(node.Transport.Serialization);
            var engine = new KeyspaceEngine(new KeyspaceSettings { Databases = 4 }, SystemClock.Instance);
            Keyspace = node.System.ActorOf(KeyspaceActor.Props(engine, NoServer.Instance, new ServerStats(), false), "keyspace");
            Board = new ReplicationStatusBoard(settings.BacklogSize);
            Locator = new HarnessLocator(node, harness);
            Manager = node.System.ActorOf(ReplicationManager.Props(Keyspace, settings, "", new ReplicaIdentity(node.Name, "127.0.0.1", Port(node)),
                4, SystemClock.Instance, Locator, Board), "replication");
            MasterActor = ReplicationManager.MasterActorOf(Manager, TimeSpan.FromSeconds(10));
        }

        public IActorRef MasterActor { get; }

        public TestNode Node { get; }

        public ReplicationSettings Settings { get; }

        public IActorRef Keyspace { get; }

        public IActorRef Manager { get; }

        public ReplicationStatusBoard Board { get; }

        public HarnessLocator Locator { get; }

        public void ReplicaOf(ReplNode master)
        {
            ReplicationManager.ReplicaOf(Keyspace, MasterActor, Manager, Board, Settings, new MasterEndpoint(master.Node.Name, Port(master.Node)));
        }

        public void ReplicaOfNoOne()
        {
            ReplicationManager.ReplicaOfNoOne(Keyspace, Manager, Board);
        }

        private static int Port(TestNode node) => node.Address.Port ?? 0;

        public string Run(params string[] args)
        {
            using var requests = new RespRequestBatch();
            requests.Add(args);
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            var batch = new ExecuteBatch(requests, _client, new RespWriter(output));
            var done = batch.Prepare();
            Keyspace.Tell(batch);
            if (!done.AsTask().Wait(Wait)) throw new TimeoutException("batch not executed");
            return Encoding.Latin1.GetString(output.WrittenSpan);
        }

        public string Digest() => Run("DEBUG", "DIGEST");
    }

    /// <summary>Maps an endpoint (node name, port) to that node's master actor path, as the node's RESP locator does.</summary>
    private sealed class HarnessLocator(TestNode self, MultiNodeHarness harness) : IMasterLocator
    {
        public volatile bool Unreachable;

        public async Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
        {
            if (Unreachable) throw new IOException("Connection refused");
            var target = harness[endpoint.Host];
            return await self.System.ActorSelection($"{target.Address}{ReplicationManager.MasterPath}").ResolveOne(TimeSpan.FromSeconds(3));
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
