using System.Collections.Concurrent;
using ActorReplication.Actors;
using ActorReplication.Cluster;

namespace ActorReplication.Cluster.Tests;

/// <summary>
/// The cluster transport for tests: delivers to daemons registered by address in the same process, and can cut
/// links (one way or both), partition the nodes or isolate one. Counts deliveries so a test can wait until the
/// cluster is quiet before moving virtual time on.
/// </summary>
internal sealed class InProcessClusterNetwork
{
    private readonly ConcurrentDictionary<Address, IActorRef> _daemons = new();
    private readonly HashSet<(Address From, Address To)> _cut = [];
    private readonly HashSet<Address> _isolated = [];
    private long _delivered;

    public long Delivered => Interlocked.Read(ref _delivered);

    public IClusterTransport TransportFor(Address self) => new Transport(this, self);

    public void Register(Address address, IActorRef daemon) => _daemons[address] = daemon;

    public void Unregister(Address address) => _daemons.TryRemove(address, out _);

    /// <summary>Nothing passes between a node of <paramref name="a"/> and one of <paramref name="b"/>.</summary>
    public void Partition(IEnumerable<Address> a, IEnumerable<Address> b)
    {
        lock (_cut)
            foreach (var x in a)
                foreach (var y in b)
                {
                    _cut.Add((x, y));
                    _cut.Add((y, x));
                }
    }

    public void Isolate(Address node)
    {
        lock (_cut) _isolated.Add(node);
    }

    public void Heal()
    {
        lock (_cut)
        {
            _cut.Clear();
            _isolated.Clear();
        }
    }

    private void Send(Address from, Address to, ClusterProtocol.IClusterMessage message)
    {
        lock (_cut)
            if (_cut.Contains((from, to)) || _isolated.Contains(from) || _isolated.Contains(to)) return;
        if (!_daemons.TryGetValue(to, out var daemon)) return;
        daemon.Tell(message, null);
        Interlocked.Increment(ref _delivered);
    }

    private sealed class Transport(InProcessClusterNetwork network, Address self) : IClusterTransport
    {
        public void Send(Address recipient, ClusterProtocol.IClusterMessage message) => network.Send(self, recipient, message);
    }
}
