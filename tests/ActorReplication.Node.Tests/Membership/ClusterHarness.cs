using System.Net;
using System.Net.Sockets;
using ActorReplication.Node.Membership;
using Akka.Actor;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Tests.Membership;

/// <summary>
/// Several cluster members in one test process (no multi-node runner is served): each an ActorSystem on its own
/// loopback port, started with <see cref="ClusterNodeSystem"/> and every node a seed. Members can be partitioned
/// (throttler black-hole), healed, and restarted on the same port under a new incarnation. Disposing stops them all.
/// </summary>
internal sealed class ClusterHarness : IDisposable
{
    private readonly ClusterNodeOptions[] _options;
    private readonly ActorSystem?[] _systems;

    public ClusterHarness(int count, Func<int, ClusterNodeOptions, ClusterNodeOptions>? customize = null)
    {
        var ports = Enumerable.Range(0, count).Select(_ => FreePort()).ToArray();
        var seeds = ports.Select(p => $"127.0.0.1:{p}").ToArray();
        _options = ports.Select((port, i) =>
        {
            var options = new ClusterNodeOptions("node", "127.0.0.1", port, seeds, [ClusterNodeOptions.RespEndpointRole("127.0.0.1", 6379 + i)])
            {
                StableAfter = TimeSpan.FromSeconds(2),
                AcceptableHeartbeatPause = TimeSpan.FromSeconds(1.5),
                FaultInjection = true,
            };
            return customize?.Invoke(i, options) ?? options;
        }).ToArray();
        _systems = new ActorSystem?[count];
        for (var i = 0; i < count; i++) Start(i);
    }

    public int Count => _systems.Length;

    public ActorSystem this[int index] => _systems[index] ?? throw new InvalidOperationException($"node {index} is stopped");

    public ClusterNodeOptions Options(int index) => _options[index];

    public Address AddressOf(int index) => AkkaCluster.Get(this[index]).SelfAddress;

    public void Start(int index) => _systems[index] = ClusterNodeSystem.Create(_options[index]);

    /// <summary>Stops a member's ActorSystem (as a crash would end its process) and waits until it has terminated.</summary>
    public void Stop(int index, TimeSpan deadline)
    {
        var system = this[index];
        _systems[index] = null;
        if (!system.Terminate().Wait(deadline)) throw new TimeoutException($"node {index} did not terminate within {deadline}");
    }

    /// <summary>Cuts every member of <paramref name="side"/> off from every other member, both ways.</summary>
    public void Partition(IReadOnlyCollection<int> side, bool heal = false)
    {
        foreach (var inside in side)
        foreach (var outside in Enumerable.Range(0, Count).Where(i => !side.Contains(i) && _systems[i] is not null))
        {
            var cut = heal ? ClusterFaults.Heal(this[inside], AddressOf(outside)) : ClusterFaults.Blackhole(this[inside], AddressOf(outside));
            if (!cut.Wait(TimeSpan.FromSeconds(10)) || !cut.Result) throw new InvalidOperationException($"the throttler did not apply between {inside} and {outside}");
        }
    }

    /// <summary>The members node <paramref name="index"/> sees Up.</summary>
    public IReadOnlyList<Member> UpMembers(int index) =>
        AkkaCluster.Get(this[index]).State.Members.Where(m => m.Status == MemberStatus.Up).ToList();

    public void Dispose()
    {
        var stopping = _systems.Where(s => s is not null).Select(s => s!.Terminate()).ToArray();
        Task.WaitAll(stopping, TimeSpan.FromSeconds(30));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
