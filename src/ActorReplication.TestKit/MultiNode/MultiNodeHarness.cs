using System.Collections.Concurrent;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorReplication.TestKit.MultiNode;

/// <summary>
/// Several remoting nodes in one test process, talking over loopback TCP, with faults to inject between them and
/// barriers for scenario steps. Each node is a <see cref="TestNode"/> (an actor system plus the TestKit API).
/// Faults act inside each node's transport, on the frames it writes (see <see cref="ActorReplication.Remote.Transport.FaultInjector"/>):
/// a blackhole drops every frame (heartbeats and handshakes too), so it looks like a network partition; heal restores
/// the link. Dispose terminates every node that is still running.
/// </summary>
/// <example>
/// <code>
/// using var harness = MultiNodeHarness.Start(2, output: output);
/// var (a, b) = (harness[0], harness[1]);
/// b.System.ActorOf(Props.Create(() => new Echo()), "echo");
/// var echo = a.Resolve(b, "/user/echo");
/// harness.Blackhole(a, b);
/// echo.Tell("lost", a.TestActor);
/// a.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
/// harness.Heal(a, b);
/// a.AwaitAssert(() => { echo.Tell("back", a.TestActor); a.ExpectMsg("back", TimeSpan.FromMilliseconds(200)); });
/// </code>
/// </example>
public sealed class MultiNodeHarness : IDisposable
{
    /// <summary>
    /// What the harness puts under every node's config: loopback, a free port, fault injection on, and timings short
    /// enough for tests (heartbeat 200ms, node declared lost after 3s of silence, handshake timeout 2s, reconnect
    /// backoff 50ms..1s).
    /// </summary>
    public static Config DefaultConfig { get; } = HoconFiles.ParseString("""
        remote {
          hostname = "127.0.0.1"
          port = 0
          enable-fault-injection = on
          heartbeat-interval = 200ms
          acceptable-heartbeat-pause = 3s
          handshake-timeout = 2s
          reconnect-backoff-min = 50ms
          reconnect-backoff-max = 1s
          shutdown-flush-timeout = 1s
        }
        """, "MultiNodeHarness.DefaultConfig");

    private static readonly Lazy<Config> TestKitReference = new(() =>
        HoconFiles.FromResource(typeof(TestKit).Assembly, "reference/testkit.conf"));

    private readonly Config _config;
    private readonly ITestOutputHelper? _output;
    private readonly List<TestNode> _nodes = [];
    private readonly object _gate = new();
    private volatile BarrierCoordinator? _barriers;
    private bool _disposed;

    /// <param name="config">Config for every node, over <see cref="DefaultConfig"/> and the TestKit's reference.</param>
    /// <param name="output">xunit output: every node's log goes there, prefixed with its name.</param>
    public MultiNodeHarness(Config? config = null, ITestOutputHelper? output = null)
    {
        _config = (config ?? Config.Empty).WithFallback(DefaultConfig).WithFallback(TestKitReference.Value);
        _output = output;
    }

    /// <summary>A harness with <paramref name="count"/> nodes named <c>node1</c>..<c>nodeN</c> (also their system names).</summary>
    public static MultiNodeHarness Start(int count, Config? config = null, ITestOutputHelper? output = null)
    {
        var harness = new MultiNodeHarness(config, output);
        try
        {
            for (var i = 1; i <= count; i++) harness.StartNode("node" + i);
        }
        catch
        {
            harness.Dispose();
            throw;
        }
        return harness;
    }

    /// <summary>Every node started so far, in start order (stopped ones included).</summary>
    public IReadOnlyList<TestNode> Nodes
    {
        get { lock (_gate) return [.. _nodes]; }
    }

    public TestNode this[int index] => Nodes[index];

    /// <summary>The running node named <paramref name="name"/> (the latest, after a restart).</summary>
    public TestNode this[string name] =>
        Nodes.LastOrDefault(n => n.Name == name && n.IsRunning) ?? throw new KeyNotFoundException($"No running node named {name}");

    /// <summary>
    /// Starts a node whose actor system is named <paramref name="name"/>, on <paramref name="port"/> (0 = a free one).
    /// <paramref name="config"/> overrides the harness config for this node only.
    /// </summary>
    public TestNode StartNode(string name, Config? config = null, int port = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var full = (config ?? Config.Empty).WithFallback(HoconFiles.ParseString($"remote.port = {port}")).WithFallback(_config);
        var providers = _output is null ? Array.Empty<ILoggerProvider>() : [new NodeOutputLoggerProvider(_output, name)];
        var system = ActorSystem.Create(name, new ActorSystemSetup(full, providers));
        RemoteTransport transport;
        try
        {
            transport = RemoteTransport.Start(system);
        }
        catch
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            throw;
        }
        var node = new TestNode(this, name, system, transport, TestKitSettings.FromConfig(system.Config));
        lock (_gate) _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Stops <paramref name="node"/> (a crash by default, else gracefully) and starts a new incarnation with the same
    /// name on the same port: same address, new uid.
    /// </summary>
    public TestNode Restart(TestNode node, bool crash = true, Config? config = null)
    {
        if (crash) node.Crash();
        else node.Shutdown();
        node.Transport.WhenStopped.Wait(TimeSpan.FromSeconds(10));
        return StartNode(node.Name, config, node.Address.Port!.Value);
    }

    /// <summary>Nothing gets through from <paramref name="from"/> to <paramref name="to"/> (per <paramref name="direction"/>) until healed.</summary>
    public void Blackhole(TestNode from, TestNode to, Direction direction = Direction.Both) =>
        Apply(from, to, direction, (node, peer) => node.Transport.Faults.Blackhole(peer.Address));

    /// <summary>Each user message is lost with <paramref name="probability"/>; heartbeats and handshakes pass.</summary>
    public void Drop(TestNode from, TestNode to, double probability, Direction direction = Direction.Both, int seed = 0) =>
        Apply(from, to, direction, (node, peer) => node.Transport.Faults.Drop(peer.Address, probability, seed));

    /// <summary>Traffic leaves at no more than <paramref name="bytesPerSecond"/>.</summary>
    public void Throttle(TestNode from, TestNode to, long bytesPerSecond, Direction direction = Direction.Both) =>
        Apply(from, to, direction, (node, peer) => node.Transport.Faults.Throttle(peer.Address, bytesPerSecond));

    /// <summary>Removes every fault between the two nodes in <paramref name="direction"/>.</summary>
    public void Heal(TestNode from, TestNode to, Direction direction = Direction.Both) =>
        Apply(from, to, direction, (node, peer) => node.Transport.Faults.Heal(peer.Address));

    /// <summary>Cuts <paramref name="node"/> off from every other node, both ways.</summary>
    public void Isolate(TestNode node)
    {
        foreach (var other in Nodes)
            if (other != node && other.IsRunning) Blackhole(node, other);
    }

    public void HealAll()
    {
        foreach (var node in Nodes)
            if (node.IsRunning) node.Transport.Faults.HealAll();
    }

    /// <summary>
    /// Runs <paramref name="script"/> on every running node at once, each on its own thread, the way a multi-node
    /// test runs the same code on every machine: scripts branch with <see cref="TestNode.RunOn"/> and meet at
    /// <see cref="TestNode.EnterBarrier"/>. Fails with every node's failure if any script throws.
    /// </summary>
    public void RunScenario(Action<TestNode> script, TimeSpan? timeout = null)
    {
        var nodes = Nodes.Where(n => n.IsRunning).ToArray();
        var barriers = new BarrierCoordinator(nodes.Select(n => n.Name));
        _barriers = barriers;
        var failures = new ConcurrentBag<Exception>();
        try
        {
            var threads = nodes.Select(node => new Thread(() =>
            {
                try
                {
                    script(node);
                }
                catch (Exception ex)
                {
                    failures.Add(new TestKitAssertionException($"Node {node.Name}: {ex.Message}", ex));
                    barriers.Fail(node.Name, ex);
                }
            })
            { IsBackground = true, Name = "scenario-" + node.Name }).ToArray();
            foreach (var thread in threads) thread.Start();
            var limit = timeout ?? TimeSpan.FromMinutes(1);
            foreach (var thread in threads)
                if (!thread.Join(limit))
                    throw new TestKitAssertionException($"Scenario script on {thread.Name} did not finish within {limit}");
        }
        finally
        {
            _barriers = null;
        }
        if (!failures.IsEmpty) throw new AggregateException("Scenario failed", failures);
    }

    internal void EnterBarrier(TestNode node, string name, TimeSpan timeout)
    {
        var barriers = _barriers ?? throw new InvalidOperationException("Barriers are only available inside RunScenario");
        barriers.Enter(node.Name, name, timeout);
    }

    /// <summary>Shuts every running node down gracefully and waits for their transports to close.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var running = Nodes.Where(n => n.IsRunning).ToArray();
        var errors = new List<Exception>();
        foreach (var node in running)
        {
            try
            {
                node.Shutdown();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }
        if (errors.Count > 0) throw new AggregateException("Some nodes did not stop cleanly", errors);
    }

    private static void Apply(TestNode from, TestNode to, Direction direction, Action<TestNode, TestNode> action)
    {
        if (direction is Direction.Send or Direction.Both) action(from, to);
        if (direction is Direction.Receive or Direction.Both) action(to, from);
    }
}
