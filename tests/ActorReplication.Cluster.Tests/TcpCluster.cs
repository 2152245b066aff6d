using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.TestKit;
using ActorReplication.TestKit.MultiNode;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorReplication.Cluster.Tests;

/// <summary>
/// Cluster nodes over real loopback TCP: each a <see cref="TestNode"/> of the TestKit's <see cref="MultiNodeHarness"/>
/// (its own actor system and remoting, faults injectable) with <see cref="Cluster.Start"/> on top, exactly as a node
/// process wires it. Timings are shortened (<see cref="FastConfig"/>) so that a test takes seconds: heartbeats every
/// 200 ms, 1 s acceptable pause, keep-majority with stable-after 2 s.
/// </summary>
internal sealed class TcpCluster : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    public static Config FastConfig { get; } = HoconFiles.ParseString("""
        actor.loglevel = info
        remote.secret = "cluster-spec-secret"
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
        """, "TcpCluster.FastConfig");

    private readonly Dictionary<TestNode, Cluster> _clusters = [];

    public TcpCluster(ITestOutputHelper output, string config = "")
    {
        Harness = new MultiNodeHarness(HoconFiles.ParseString(config).WithFallback(FastConfig), output);
    }

    public MultiNodeHarness Harness { get; }

    public TestNode Node(string name, string config = "", int port = 0) => Harness.StartNode(name, HoconFiles.ParseString(config), port);

    /// <summary>Starts the cluster on <paramref name="node"/>, joining through <paramref name="seeds"/>.</summary>
    public Cluster Join(TestNode node, params Address[] seeds)
    {
        var settings = ClusterSettings.FromConfig(node.System.Config) with
        {
            SeedNodes = [.. seeds],
            RespEndpoint = $"127.0.0.1:{node.Address.Port! + 1}",
        };
        var cluster = Cluster.Start(node.System, settings);
        lock (_clusters) _clusters[node] = cluster;
        return cluster;
    }

    /// <summary><paramref name="count"/> nodes (node1..) that all join with the first <paramref name="seeds"/> of them as seeds.</summary>
    public TestNode[] Start(int count, int seeds)
    {
        var nodes = Enumerable.Range(1, count).Select(i => Node("node" + i)).ToArray();
        var seedAddresses = nodes.Take(seeds).Select(n => n.Address).ToArray();
        foreach (var node in nodes) Join(node, seedAddresses);
        return nodes;
    }

    public Cluster this[TestNode node]
    {
        get { lock (_clusters) return _clusters[node]; }
    }

    public static ClusterDaemonMessages.InternalState State(Cluster cluster)
    {
        var task = cluster.GetInternalStateAsync(TimeSpan.FromSeconds(10));
        if (!task.Wait(TimeSpan.FromSeconds(15))) throw new TimeoutException($"{cluster} did not answer");
        return task.Result;
    }

    /// <summary>
    /// Waits until every one of <paramref name="nodes"/> is a member that sees exactly their incarnations Up, all
    /// reachable, converged on one version, in its daemon and in its read view (<see cref="Cluster.State"/>).
    /// </summary>
    public void AwaitConverged(IReadOnlyCollection<TestNode> nodes, TimeSpan? max = null)
    {
        var observer = nodes.First();
        observer.AwaitAssert(() =>
        {
            var expected = nodes.Select(n => this[n].SelfUniqueAddress).ToHashSet();
            var versions = new HashSet<VectorClock>();
            foreach (var node in nodes)
            {
                var cluster = this[node];
                var s = State(cluster);
                Assert.True(s.Phase == "Initialized" && s.Converged, $"{node.Name}: {s.Phase}, converged {s.Converged}");
                Assert.Equal(expected.Order(), s.Gossip.Members.Select(m => m.UniqueAddress).Order());
                Assert.All(s.Gossip.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
                Assert.True(s.Gossip.Reachability.IsAllReachable, $"{node.Name}: {s.Gossip.Reachability}");
                Assert.True(s.Gossip.SeenBy.SetEquals(expected), $"{node.Name}: seen by {string.Join(", ", s.Gossip.SeenBy)}");
                versions.Add(s.Gossip.Version);
                var view = cluster.State;
                Assert.Equal(expected.Order(), view.Members.Select(m => m.UniqueAddress).Order());
                Assert.All(view.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
                Assert.Empty(view.Unreachable);
                Assert.Equal(Leader.Of(s.Gossip, s.Self)?.Address, view.Leader);
            }
            Assert.Single(versions);
        }, max ?? Patience, TimeSpan.FromMilliseconds(100));
    }

    public string Describe() =>
        string.Join("\n", _clusters.Where(kv => kv.Key.IsRunning).Select(kv => $"{kv.Key.Name}: {State(kv.Value).Gossip}"));

    public void Dispose() => Harness.Dispose();
}
