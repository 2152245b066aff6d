using System.Text;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Tests.Harness;
using ActorReplication.Replication.Topology;
using ActorReplication.Resp;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Topology;

/// <summary>
/// Follow-the-cluster mode over a real Akka.Cluster: in-process members (<see cref="InProcessCluster"/>: loopback,
/// throttler fault injection, keep-majority downing, short failure-detector timings), each with its keyspace,
/// replication manager and topology actor fed by <see cref="ClusterMembershipFeed"/>, wired as a node process wires
/// them; the topology actors talk through <see cref="RemoteTopologyPeers"/> over Akka.Remote. The replication link
/// also goes over Akka.Remote here (a node uses its RESP port for it), so cutting a member off cuts its link too, as a
/// partition would. Real time, bounded waits.
/// </summary>
public sealed class ClusterTopologySpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SpecConfig.RealTime, "topology-cluster", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

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
        using var cluster = new InProcessCluster(3, i => InProcessCluster.RespRole(Resp(i))
            .WithFallback(ConfigurationFactory.ParseString(i == 0 ? "akka.cluster.split-brain-resolver.stable-after = 10s" : "")));
        foreach (var system in cluster.Systems) InitializeLogger(system);
        var topology = new TopologySettings { Group = TopologySettings.DefaultGroup, AutoFailover = true, Interval = TimeSpan.FromMilliseconds(200) };
                var repl = Enumerable.Range(0, 3).Select(i => new ClusterReplNode(cluster[i], "node" + (i + 1), Resp(i), cluster, topology with { InitialMaster = i == 0 })).ToArray();
        cluster.JoinAll();

        var master = AwaitSingleMaster(repl);
        Assert.Same(repl[0], master);
        var replicas = repl.Where(r => r != master).ToArray();
        for (var i = 0; i < 50; i++) Assert.Equal("+OK\r\n", master.Run("SET", $"k:{i}", "v"));
        foreach (var replica in replicas) AwaitInSync(master, replica);

        cluster.Isolate(0);
        ClusterReplNode? promoted = null;
        var deadline = DateTime.UtcNow + Patience;
        var round = 0;
        // Samples every node back to back until a replica took over and the old master refuses: never two at once.
        while (promoted is null || master.Accepts($"old:{round}"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no failover within {Patience}: {Describe(repl)}");
            var accepting = repl.Where(r => r.Accepts($"probe:{round}")).ToList();
            Assert.True(accepting.Count <= 1, $"round {round}: {string.Join(", ", accepting.Select(a => a.Name))} accept writes at once");
            promoted = accepting.FirstOrDefault(a => a != master);
            round++;
        }

        Assert.Contains(promoted, replicas);
        Assert.NotNull(master.Topology.Current.FencedBecause);
        var sibling = replicas.Single(r => r != promoted);
        AwaitAssert(() =>
        {
            var link = sibling.Board.Snapshot().Replica;
            Assert.True(link is { LinkUp: true } && link.MasterHost == promoted.Name, $"sibling link: {link}");
        }, Patience, Interval);
        AwaitInSync(promoted, sibling);
        var stats = promoted.Board.Snapshot().Master;
        Assert.Equal((0, 1), (stats.SyncFull, stats.SyncPartialOk));
        Assert.True(promoted.Board.Epoch >= 2, $"epoch {promoted.Board.Epoch}");
        for (var i = 0; i < 50; i++) Assert.Equal("$1\r\nv\r\n", promoted.Run("GET", $"k:{i}"));
    }

    /// <summary>Node i's RESP endpoint as its cluster role announces it: its name, so links and INFO name it.</summary>
    private static string Resp(int i) => $"node{i + 1}:{6380 + i}";

    private ClusterReplNode AwaitSingleMaster(ClusterReplNode[] nodes)
    {
        ClusterReplNode? master = null;
        AwaitAssert(() =>
        {
            var masters = nodes.Where(n => n.Topology.Current.Self is { Role: TopologyRole.Master, Fenced: false }).ToList();
            Assert.Single(masters);
            master = masters[0];
            foreach (var n in nodes.Where(n => n != master))
                Assert.True(n.Board.Snapshot().Replica is { LinkUp: true }, $"{n.Name} not attached: {Describe(nodes)}");
        }, Patience, Interval);
        return master!;
    }

    private void AwaitInSync(ClusterReplNode master, ClusterReplNode replica) =>
        AwaitAssert(() =>
        {
            var r = replica.Board.Snapshot();
            Assert.True(r.Replica is { LinkUp: true }, "link up");
            Assert.Equal(master.Board.Snapshot().Master.MasterReplOffset, r.Replica!.SlaveReplOffset);
            Assert.Equal(master.Run("DEBUG", "DIGEST"), replica.Run("DEBUG", "DIGEST"));
        }, Patience, Interval);

    private static string Describe(IEnumerable<ClusterReplNode> nodes) =>
        string.Join("; ", nodes.Select(n => $"{n.Name}: {n.Topology.Current.Self} fenced={n.Topology.Current.FencedBecause} role={n.Board.Snapshot().Role}"));

    /// <summary>One node: keyspace, replication, membership feed and the topology actor, as a node process wires them.</summary>
    private sealed class ClusterReplNode
    {
        private readonly Client _client = new();

        public ClusterReplNode(ActorSystem system, string name, string resp, InProcessCluster cluster, TopologySettings topology)
        {
            Name = name;
            var port = int.Parse(resp[(resp.IndexOf(':') + 1)..]);
            var engine = new KeyspaceEngine(new KeyspaceSettings { Databases = 4 }, SystemClock.Instance);
            Keyspace = system.ActorOf(KeyspaceActor.Props(engine, NoServer.Instance, new ServerStats(), false), "keyspace");
            Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true, true, true));
            Board = new ReplicationStatusBoard(Replication.BacklogSize);
            Topology = new TopologyBoard(topology.Group!);
            Manager = system.ActorOf(ReplicationManager.Props(Keyspace, Replication, "", new ReplicaIdentity(name, "127.0.0.1", port),
                4, SystemClock.Instance, new GatedMasterLocator(new RemoteLocator(system, cluster), Topology), Board), "replication");
            MasterActor = ReplicationManager.MasterActorOf(Manager, TimeSpan.FromSeconds(10));
            system.ActorOf(TopologyActor.Props(topology, InProcessCluster.ClusterOf(system).SelfUniqueAddress, name, 100, resp, Board, Topology,
                new Control(this), new RemoteTopologyPeers(system),
                self => system.ActorOf(ClusterMembershipFeed.Props(self), "cluster-membership-feed")),
                "cluster-listener");
        }

        public string Name { get; }

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
            if (!done.AsTask().Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("batch not executed");
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

    /// <summary>A RESP endpoint's host (the node's name) → that member's master actor, resolved over Akka.Remote.</summary>
    private sealed class RemoteLocator(ActorSystem self, InProcessCluster cluster) : IMasterLocator
    {
        public Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
        {
            var index = int.Parse(endpoint.Host["node".Length..]) - 1;
            return self.ActorSelection($"{cluster.AddressOf(index)}{ReplicationManager.MasterPath}").ResolveOne(TimeSpan.FromSeconds(3), cancellationToken);
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
