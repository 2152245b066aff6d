using ActorReplication.Actors;
using ActorReplication.Cluster;
using ActorReplication.Configuration;
using ActorReplication.TestKit;
using Akka.Configuration;
using static ActorReplication.Cluster.ClusterDaemonMessages;

namespace ActorReplication.Cluster.Tests;

/// <summary>
/// Several cluster nodes in one actor system on the virtual-time TestScheduler, connected by an
/// <see cref="InProcessClusterNetwork"/>. Time moves in steps; after each step the harness waits until every
/// message the step caused has been handled (no delivery happened during a full round of state queries), so runs
/// are repeatable and a minute of cluster time takes well under a second.
/// </summary>
internal sealed class ClusterHarness
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system;
    private readonly TestScheduler _scheduler;
    private readonly ClusterSettings _settings;
    private readonly Dictionary<Cluster, bool> _running = new();

    public ClusterHarness(ActorSystem system, TestScheduler scheduler, string config = "")
    {
        _system = system;
        _scheduler = scheduler;
        _settings = ClusterSettings.FromConfig(HoconFiles.ParseString(config));
    }

    public InProcessClusterNetwork Network { get; } = new();

    public IEnumerable<Cluster> Running => _running.Where(kv => kv.Value).Select(kv => kv.Key);

    /// <summary>Starts node <paramref name="i"/> (at Nodes.Addr(i)), joining through <paramref name="seeds"/> when given.</summary>
    public Cluster Start(int i, int[]? seeds = null, long? uid = null, string[]? roles = null)
    {
        var settings = _settings with
        {
            SeedNodes = seeds is null ? [] : [.. seeds.Select(Nodes.Addr)],
            Roles = [.. roles ?? []],
            RespEndpoint = $"127.0.0.1:{6379 + i}",
        };
        var address = Nodes.Addr(i);
        var id = uid ?? i;
        var cluster = Cluster.Create(_system, new ClusterSetup(address, Network.TransportFor(address), settings, id, $"node-{i}-{id}", PublishToEventStream: false));
        Network.Register(address, cluster.Daemon);
        _running[cluster] = true;
        return cluster;
    }

    /// <summary>The node's process dies: its daemon stops and nothing reaches it anymore.</summary>
    public void Crash(Cluster node)
    {
        _running[node] = false;
        Network.Unregister(node.SelfAddress);
        _system.Stop(node.Daemon);
    }

    public InternalState State(Cluster node)
    {
        var task = node.GetInternalStateAsync(TimeSpan.FromMinutes(10));
        if (!task.Wait(RealTimeout)) throw new TimeoutException($"{node} did not answer");
        return task.Result;
    }

    public ClusterEvents.CurrentClusterState Snapshot(Cluster node)
    {
        var task = node.GetStateAsync(TimeSpan.FromMinutes(10));
        if (!task.Wait(RealTimeout)) throw new TimeoutException($"{node} did not answer");
        return task.Result;
    }

    /// <summary>Waits until a whole round of state queries passes without any delivery between nodes.</summary>
    public void Quiesce()
    {
        for (var round = 0; round < 100; round++)
        {
            var before = Network.Delivered;
            foreach (var node in Running.ToList()) State(node);
            if (Network.Delivered == before) return;
        }
        throw new TimeoutException("The cluster did not quiesce");
    }

    public void Run(TimeSpan duration)
    {
        Quiesce();
        for (var t = TimeSpan.Zero; t < duration; t += Step)
        {
            _scheduler.Advance(Step);
            Quiesce();
        }
    }

    /// <summary>Runs until <paramref name="condition"/> holds, failing after <paramref name="max"/> of cluster time.</summary>
    public TimeSpan RunUntil(Func<bool> condition, TimeSpan max, string what)
    {
        Quiesce();
        var start = _scheduler.MonotonicClock;
        while (!condition())
        {
            if (_scheduler.MonotonicClock - start > max)
                throw new TestKitAssertionException($"Not true after {max.TotalSeconds} s of cluster time: {what}\n{Describe()}");
            _scheduler.Advance(Step);
            Quiesce();
        }
        return _scheduler.MonotonicClock - start;
    }

    /// <summary>True when every given node is Initialized, sees exactly the expected members Up, and has converged.</summary>
    public bool AllUpAndConverged(IReadOnlyCollection<Cluster> nodes, IReadOnlyCollection<Cluster>? members = null)
    {
        var expected = (members ?? nodes).Select(n => n.SelfUniqueAddress).ToHashSet();
        foreach (var node in nodes)
        {
            var s = State(node);
            if (s.Phase != "Initialized" || !s.Converged) return false;
            if (!s.Gossip.Members.Select(m => m.UniqueAddress).ToHashSet().SetEquals(expected)) return false;
            if (s.Gossip.Members.Any(m => m.Status != MemberStatus.Up)) return false;
            if (!s.Gossip.Reachability.IsAllReachable) return false;
            if (!s.Gossip.SeenBy.SetEquals(expected)) return false;
        }
        var versions = nodes.Select(n => State(n).Gossip.Version).Distinct().Count();
        return versions == 1;
    }

    public string Describe() =>
        string.Join("\n", _running.Keys.Select(n => _running[n] ? $"{n}: {DescribeState(State(n))}" : $"{n}: crashed"));

    private static string DescribeState(InternalState s) =>
        $"{s.Phase}, converged={s.Converged}, {s.Gossip}";
}
