using System.Text;
using ActorReplication.Actors;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Cluster;
using ActorReplication.Configuration;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Serialization;
using ActorReplication.Replication.Topology;
using ActorReplication.Resp;
using ActorReplication.TestKit.MultiNode;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Topology;

/// <summary>
/// Follow-the-cluster mode over real remoting and real cluster membership: nodes of the multi-node harness (loopback
/// TCP, fault injection), each with its keyspace, replication manager, cluster and topology actor wired as a node
/// process wires them, with short failure-detector and downing timings. Real time, bounded waits.
/// </summary>
public sealed class ClusterTopologySpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private static readonly Config Fast = HoconFiles.ParseString("""
        remote.secret = "topology-spec"
        cluster {
          seed-node-timeout = 2s
          retry-unsuccessful-join-after = 2s
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          unreachable-nodes-reaper-interval = 200ms
          periodic-tasks-initial-delay = 100ms
          downing-provider = keep-majority
          split-brain-resolver.stable-after = 2s
          failure-detector {
            heartbeat-interval = 200ms
            acceptable-heartbeat-pause = 1s
            first-heartbeat-estimate = 200ms
            expected-response-after = 500ms
          }
        }
        """, "ClusterTopologySpec.Fast");

    private static ReplicationSettings Replication => ReplicationSettings.Default with
    {
        DisklessSyncDelay = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(5),
        ReconnectBackoffMin = TimeSpan.FromMilliseconds(100),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>
    /// The master is isolated (black hole both ways to the others): it refuses writes once it sees itself in the
    /// minority, the majority downs it and promotes a replica, and at no sampled moment do two nodes accept a write.
    /// The master's own resolver waits longer (stable-after 10 s against 2 s) so that it would still be accepting
    /// writes when the majority promotes if it relied on downing itself: only the minority fencing keeps it safe.
    /// </summary>
    [Fact]
    public void A_master_cut_into_the_minority_never_accepts_writes_while_the_promoted_replica_does()
    {
        using var harness = new MultiNodeHarness(Fast, output);
        var nodes = Enumerable.Range(1, 3)
            .Select(i => harness.StartNode("node" + i, HoconFiles.ParseString(i == 1 ? "cluster.split-brain-resolver.stable-after = 10s" : "")))
            .ToArray();
        var topology = new TopologySettings { Group = TopologySettings.DefaultGroup, AutoFailover = true, Interval = TimeSpan.FromMilliseconds(200) };
        var repl = nodes.Select((n, i) => new ClusterReplNode(n, harness, topology with { InitialMaster = i == 0 }, nodes[0].Address)).ToArray();

        var master = AwaitSingleMaster(repl);
        Assert.Same(repl[0], master);
        var replicas = repl.Where(r => r != master).ToArray();
        for (var i = 0; i < 50; i++) Assert.Equal("+OK\r\n", master.Run("SET", $"k:{i}", "v"));
        foreach (var replica in replicas) AwaitInSync(master, replica);

        harness.Isolate(master.Node);
        ClusterReplNode? promoted = null;
        var deadline = DateTime.UtcNow + Patience;
        var round = 0;
        while (promoted is null || master.Accepts($"old:{round}"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no failover within {Patience}: {Describe(repl)}");
            var accepting = repl.Where(r => r.Accepts($"probe:{round}")).ToList();
            Assert.True(accepting.Count <= 1, $"round {round}: {string.Join(", ", accepting.Select(a => a.Node.Name))} accept writes at once");
            promoted = accepting.FirstOrDefault(a => a != master);
            round++;
            Thread.Yield();
        }

        Assert.Contains(promoted, replicas);
        Assert.NotNull(master.Topology.Current.FencedBecause);
        var sibling = replicas.Single(r => r != promoted);
        nodes[0].AwaitAssert(() =>
        {
            var link = sibling.Board.Snapshot().Replica;
            Assert.True(link is { LinkUp: true } && link.MasterHost == promoted!.Node.Name, $"sibling link: {link}");
        }, Patience, TimeSpan.FromMilliseconds(50));
        AwaitInSync(promoted!, sibling);
        var stats = promoted!.Board.Snapshot().Master;
        Assert.Equal((0, 1), (stats.SyncFull, stats.SyncPartialOk));
        Assert.True(promoted.Board.Epoch >= 2, $"epoch {promoted.Board.Epoch}");
        for (var i = 0; i < 50; i++) Assert.Equal("$1\r\nv\r\n", promoted.Run("GET", $"k:{i}"));
    }

    private static ClusterReplNode AwaitSingleMaster(ClusterReplNode[] nodes)
    {
        ClusterReplNode? master = null;
        nodes[0].Node.AwaitAssert(() =>
        {
            var masters = nodes.Where(n => n.Topology.Current.Self is { Role: TopologyRole.Master, Fenced: false }).ToList();
            Assert.Single(masters);
            master = masters[0];
            foreach (var n in nodes.Where(n => n != master))
                Assert.True(n.Board.Snapshot().Replica is { LinkUp: true }, $"{n.Node.Name} not attached: {Describe(nodes)}");
        }, Patience, TimeSpan.FromMilliseconds(50));
        return master!;
    }

    private static void AwaitInSync(ClusterReplNode master, ClusterReplNode replica) =>
        master.Node.AwaitAssert(() =>
        {
            var r = replica.Board.Snapshot();
            Assert.True(r.Replica is { LinkUp: true }, "link up");
            Assert.Equal(master.Board.Snapshot().Master.MasterReplOffset, r.Replica!.SlaveReplOffset);
            Assert.Equal(master.Run("DEBUG", "DIGEST"), replica.Run("DEBUG", "DIGEST"));
        }, Patience, TimeSpan.FromMilliseconds(50));

    private static string Describe(IEnumerable<ClusterReplNode> nodes) =>
        string.Join("; ", nodes.Select(n => $"{n.Node.Name}: {n.Topology.Current.Self} fenced={n.Topology.Current.FencedBecause} role={n.Board.Snapshot().Role}"));

    /// <summary>One node: keyspace, replication, cluster membership and the topology actor, as a node process wires them.</summary>
    private sealed class ClusterReplNode
    {
        private readonly Client _client = new();

        public ClusterReplNode(TestNode node, MultiNodeHarness harness, TopologySettings topology, Address seed)
        {
            Node = node;
            ReplicationSerialization.Register(node.Transport.Serialization);
            TopologyMessageSerializer.Register(node.Transport.Serialization);
            var engine = new KeyspaceEngine(new KeyspaceSettings { Databases = 4 }, SystemClock.Instance);
            Keyspace = node.System.ActorOf(KeyspaceActor.Props(engine, NoServer.Instance, new ServerStats(), false), "keyspace");
            Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, true, true));
            Board = new ReplicationStatusBoard(Replication.BacklogSize);
            Topology = new TopologyBoard(topology.Group!);
            var port = node.Address.Port ?? 0;
            Manager = node.System.ActorOf(ReplicationManager.Props(Keyspace, Replication, "", new ReplicaIdentity(node.Name, "127.0.0.1", port),
                4, SystemClock.Instance, new GatedMasterLocator(new HarnessLocator(node, harness), Topology), Board), "replication");
            MasterActor = ReplicationManager.MasterActorOf(Manager, TimeSpan.FromSeconds(10));
            var cluster = Cluster.Cluster.Start(node.System, ClusterSettings.FromConfig(node.System.Config) with
            {
                SeedNodes = [seed],
                RespEndpoint = $"{node.Name}:{port}",
            });
            node.System.ActorOf(TopologyActor.Props(topology, cluster.SelfUniqueAddress, node.Name, 100, $"{node.Name}:{port}", Board, Topology,
                new Control(this), new RemoteTopologyPeers(node.System),
                self => cluster.Subscribe(self, ClusterEvents.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvents.IClusterDomainEvent))),
                "cluster-listener");
        }

        public TestNode Node { get; }

        public IActorRef Keyspace { get; }

        public IActorRef Manager { get; }

        public IActorRef MasterActor { get; }

        public ReplicationStatusBoard Board { get; }

        public TopologyBoard Topology { get; }

        public bool Accepts(string key) => Run("SET", key, "1") == "+OK\r\n";

        public string Run(params string[] args)
        {
            using var requests = new RespRequestBatch();
            requests.Add(args);
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            var batch = new ExecuteBatch(requests, _client, new RespWriter(output));
            var done = batch.Prepare();
            Keyspace.Tell(batch);
            if (!done.AsTask().Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("batch not executed");
            return Encoding.Latin1.GetString(output.WrittenSpan);
        }

        /// <summary>What the node's TopologyHosting does: the REPLICAOF operations, and read-only mode for fencing.</summary>
        private sealed class Control(ClusterReplNode node) : IReplicationControl
        {
            public void Follow(MasterEndpoint master)
            {
                if (node.Board.Endpoint == master) return;
                ReplicationManager.ReplicaOf(node.Keyspace, node.MasterActor, node.Manager, node.Board, Replication, master);
            }

            public void BecomeMaster()
            {
                if (node.Board.IsReplica) ReplicationManager.ReplicaOfNoOne(node.Keyspace, node.Manager, node.Board);
                node.Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false));
            }

            public void Fence(string reason)
            {
                if (!node.Board.IsReplica) node.Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, true, true));
            }
        }
    }

    private sealed class HarnessLocator(TestNode self, MultiNodeHarness harness) : IMasterLocator
    {
        public Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken) =>
            self.System.ActorSelection($"{harness[endpoint.Host].Address}{ReplicationManager.MasterPath}").ResolveOne(TimeSpan.FromSeconds(3));
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
