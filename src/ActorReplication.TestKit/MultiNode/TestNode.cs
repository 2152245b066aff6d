using ActorReplication.Actors;
using ActorReplication.Remote;

namespace ActorReplication.TestKit.MultiNode;

/// <summary>
/// One node of a <see cref="MultiNodeHarness"/>: an actor system with remoting on 127.0.0.1, plus the TestKit's
/// expectation API on its own test actor (<see cref="TestKitBase.TestActor"/>), so a scenario can expect messages
/// on each node separately.
/// </summary>
public sealed class TestNode : TestKitBase
{
    private readonly MultiNodeHarness _harness;
    private int _stopped;

    internal TestNode(MultiNodeHarness harness, string name, ActorSystem system, RemoteTransport transport, TestKitSettings settings)
        : base(system, settings)
    {
        _harness = harness;
        Name = name;
        Transport = transport;
        CreateTestActor("testActor");
    }

    public string Name { get; }

    public ActorSystem System => Sys;

    public RemoteTransport Transport { get; }

    /// <summary>The node's public address, <c>ar.tcp://name@127.0.0.1:port</c>.</summary>
    public Address Address => Transport.Address;

    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, TestKitSettings, name ?? "probe-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A selection, from this node, of <paramref name="path"/> (e.g. <c>/user/echo</c>) on <paramref name="node"/>.</summary>
    public ActorSelection Select(TestNode node, string path) => Sys.ActorSelection($"{node.Address}{path}");

    /// <summary>Resolves <paramref name="path"/> on <paramref name="node"/> from this node (Identify across the wire).</summary>
    public IActorRef Resolve(TestNode node, string path, TimeSpan? timeout = null) =>
        Select(node, path).ResolveOne(Dilated(timeout ?? TestKitSettings.DefaultTimeout)).GetAwaiter().GetResult();

    /// <summary>Waits until every node of the running scenario entered the barrier <paramref name="name"/>.</summary>
    public void EnterBarrier(string name, TimeSpan? timeout = null) =>
        _harness.EnterBarrier(this, name, Dilated(timeout ?? TestKitSettings.DefaultTimeout));

    /// <summary>Runs <paramref name="action"/> only when this node is one of <paramref name="nodes"/> (scenario scripts run on every node).</summary>
    public void RunOn(Action action, params TestNode[] nodes)
    {
        if (Array.IndexOf(nodes, this) >= 0) action();
    }

    /// <summary>Simulates a crash: the sockets close at once, no goodbye and no death notification leaves, then the system stops.</summary>
    public void Crash()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        Transport.Abort();
        Sys.Terminate().Wait(Dilated(Sys.Settings.TerminateTimeout));
    }

    /// <summary>Terminates the system gracefully: actors stop, their watchers are told, peers hear this incarnation is gone.</summary>
    public void Shutdown()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        var timeout = Dilated(Sys.Settings.TerminateTimeout);
        if (!Sys.Terminate().Wait(timeout))
            throw new TestKitAssertionException($"Node {Name} did not terminate within {timeout}");
        Transport.WhenStopped.Wait(timeout);
    }

    public override string ToString() => $"TestNode({Name} at {Address})";
}
