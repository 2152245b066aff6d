using System.Collections.Concurrent;
using ActorReplication.Actors;

namespace ActorReplication.Cluster.Remoting;

/// <summary>
/// The cluster transport over remoting: a message for the node at an address is told to the actor at
/// <c>{address}/system/{daemon name}</c>, that node's cluster daemon, with no sender (every cluster message names
/// its sender). Refs are resolved once per address and cached. Inbound needs no code: remoting delivers to
/// <c>/system/cluster</c>, which is <see cref="Cluster.Daemon"/>. Delivery is remoting's: at most once, in order per
/// pair of nodes, queued while a connection is (re)established.
/// </summary>
public sealed class RemoteClusterTransport : IClusterTransport
{
    /// <summary>Cached refs are forgotten past this many addresses (strangers that sent InitJoin, removed nodes).</summary>
    private const int CacheLimit = 1024;

    private readonly ActorSystem _system;
    private readonly string _daemonName;
    private readonly ConcurrentDictionary<Address, IActorRef> _daemons = new();

    public RemoteClusterTransport(ActorSystem system, string daemonName = "cluster")
    {
        _system = system;
        _daemonName = daemonName;
    }

    public void Send(Address recipient, ClusterProtocol.IClusterMessage message)
    {
        if (!_daemons.TryGetValue(recipient, out var daemon))
        {
            if (_daemons.Count >= CacheLimit) _daemons.Clear();
            daemon = _daemons.GetOrAdd(recipient, static (address, self) =>
                self._system.ResolveActorRef(ActorPath.Root(address).Child("system").Child(self._daemonName)), this);
        }
        daemon.Tell(message, null);
    }
}
