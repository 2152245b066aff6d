using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Replication.Tests.Harness;

/// <summary>
/// A real Akka.Cluster in the test process: each member an ActorSystem named "node" on its own loopback port (port 0,
/// so the OS picks a free one), the spec config (<see cref="SpecConfig.RealTime"/>) under short failure-detector and
/// split-brain-resolver timings, and every member joining the first one. Remoting goes through Akka's throttler
/// adapter, so a spec can cut a member off (<see cref="Isolate"/>) while its process keeps running. Disposing stops
/// every member.
/// </summary>
internal sealed class InProcessCluster : IDisposable
{
    public const string SystemName = "node";

    private static readonly Config Fast = ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          actor.provider = cluster
          remote.dot-netty.tcp {
            hostname = "127.0.0.1"
            port = 0
            applied-adapters = ["trttl"]
          }
          cluster {
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            unreachable-nodes-reaper-interval = 200ms
            periodic-tasks-initial-delay = 100ms
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = keep-majority
              stable-after = 2s
            }
            failure-detector {
              heartbeat-interval = 200ms
              acceptable-heartbeat-pause = 1s
              expected-response-after = 500ms
            }
            run-coordinated-shutdown-when-down = on
          }
          coordinated-shutdown {
            exit-clr = off
            run-by-clr-shutdown-hook = off
          }
        }
        """);

    private readonly List<ActorSystem> _systems = [];

    /// <summary>Starts <paramref name="count"/> members; <paramref name="customize"/> gives member i's own settings (its roles, say).</summary>
    public InProcessCluster(int count, Func<int, Config>? customize = null)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                var own = customize?.Invoke(i) ?? Config.Empty;
                _systems.Add(ActorSystem.Create(SystemName, own.WithFallback(Fast).WithFallback(SpecConfig.RealTime)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _systems.Count;

    public ActorSystem this[int index] => _systems[index];

    public IReadOnlyList<ActorSystem> Systems => _systems;

    public static AkkaCluster ClusterOf(ActorSystem system) => AkkaCluster.Get(system);

    public Address AddressOf(int index) => ClusterOf(this[index]).SelfAddress;

    /// <summary>Every member joins the first one (the first joins itself and so forms the cluster).</summary>
    public void JoinAll()
    {
        foreach (var system in _systems) ClusterOf(system).Join(AddressOf(0));
    }

    /// <summary>The role that tells the others where a member answers RESP (<c>resp:host:port</c>).</summary>
    public static Config RespRole(string endpoint) =>
        ConfigurationFactory.ParseString($"akka.cluster.roles = [\"resp:{endpoint}\"]");

    /// <summary>
    /// Cuts member <paramref name="index"/> off from every other member, both ways (the throttler's black hole), as a
    /// network partition would: both sides keep running.
    /// </summary>
    public void Isolate(int index)
    {
        for (var other = 0; other < Count; other++)
        {
            if (other == index) continue;
            Blackhole(index, other);
            Blackhole(other, index);
        }
    }

    public void Dispose()
    {
        var stopping = _systems.Select(s => s.Terminate()).ToArray();
        if (!Task.WaitAll(stopping, TimeSpan.FromSeconds(30))) throw new TimeoutException("cluster members did not terminate within 30 s");
    }

    private void Blackhole(int from, int to)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)this[from]).Provider).Transport;
        var cut = transport.ManagementCommand(new SetThrottle(AddressOf(to), ThrottleTransportAdapter.Direction.Both, Akka.Remote.Transport.Blackhole.Instance));
        if (!cut.Wait(TimeSpan.FromSeconds(10)) || !cut.Result) throw new InvalidOperationException($"the throttler did not cut {from} off from {to}");
    }
}
