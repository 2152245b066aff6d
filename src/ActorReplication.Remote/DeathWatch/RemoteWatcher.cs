using ActorReplication.Actors;

namespace ActorReplication.Remote.DeathWatch;

/// <summary>
/// Which local actors watch which remote actors, grouped by node. It answers three questions: whom to tell when a
/// remote actor's death notification arrives (matched by path, since the watcher may hold a ref without the uid),
/// whom to tell when a whole node is lost, and which nodes the failure detector must keep an eye on.
/// </summary>
internal sealed class RemoteWatcher
{
    private readonly object _gate = new();
    private readonly Dictionary<Address, NodeWatches> _nodes = new();

    private sealed class NodeWatches(long since)
    {
        public Dictionary<RemoteActorRef, HashSet<IInternalActorRef>> Watchees { get; } = new();

        /// <summary>When the first watch on this node began: the detector's deadline starts no earlier.</summary>
        public long Since { get; } = since;
    }

    /// <summary>Records the pair; true when it is new (so the Watch must go to the remote node).</summary>
    public bool Add(RemoteActorRef watchee, IInternalActorRef watcher)
    {
        lock (_gate)
        {
            var address = watchee.Path.Address;
            if (!_nodes.TryGetValue(address, out var node)) _nodes[address] = node = new NodeWatches(Environment.TickCount64);
            if (!node.Watchees.TryGetValue(watchee, out var watchers)) node.Watchees[watchee] = watchers = [];
            return watchers.Add(watcher);
        }
    }

    /// <summary>Forgets the pair; true when it existed (so the Unwatch must go to the remote node).</summary>
    public bool Remove(RemoteActorRef watchee, IInternalActorRef watcher)
    {
        lock (_gate)
        {
            var address = watchee.Path.Address;
            if (!_nodes.TryGetValue(address, out var node) || !node.Watchees.TryGetValue(watchee, out var watchers)) return false;
            var removed = watchers.Remove(watcher);
            if (watchers.Count == 0) node.Watchees.Remove(watchee);
            if (node.Watchees.Count == 0) _nodes.Remove(address);
            return removed;
        }
    }

    public bool IsWatching(Address address)
    {
        lock (_gate) return _nodes.ContainsKey(address);
    }

    /// <summary>
    /// The remote actor at <paramref name="actor"/> stopped: removes and returns the watched refs of <paramref name="watcher"/>
    /// with that path (and a matching uid, or none).
    /// </summary>
    public List<RemoteActorRef> TakeMatching(ActorPath actor, IActorRef watcher)
    {
        var matched = new List<RemoteActorRef>(1);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(actor.Address, out var node)) return matched;
            foreach (var (watchee, watchers) in node.Watchees)
                if (watchee.Path.Equals(actor) && (watchee.Path.Uid == 0 || actor.Uid == 0 || watchee.Path.Uid == actor.Uid)
                    && watchers.Contains((IInternalActorRef)watcher))
                    matched.Add(watchee);
            foreach (var watchee in matched)
            {
                var watchers = node.Watchees[watchee];
                watchers.Remove((IInternalActorRef)watcher);
                if (watchers.Count == 0) node.Watchees.Remove(watchee);
            }
            if (node.Watchees.Count == 0) _nodes.Remove(actor.Address);
        }
        return matched;
    }

    /// <summary>The node is lost: removes and returns every pair on it.</summary>
    public List<(RemoteActorRef Watchee, IInternalActorRef Watcher)> TakeAll(Address address)
    {
        var pairs = new List<(RemoteActorRef, IInternalActorRef)>();
        lock (_gate)
        {
            if (!_nodes.Remove(address, out var node)) return pairs;
            foreach (var (watchee, watchers) in node.Watchees)
                foreach (var watcher in watchers)
                    pairs.Add((watchee, watcher));
        }
        return pairs;
    }

    /// <summary>Watched nodes with the tick count their silence is measured from at the earliest.</summary>
    public List<(Address Address, long Since)> WatchedNodes()
    {
        lock (_gate)
        {
            var result = new List<(Address, long)>(_nodes.Count);
            foreach (var (address, node) in _nodes) result.Add((address, node.Since));
            return result;
        }
    }

    public int WatchCount
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var node in _nodes.Values)
                    foreach (var watchers in node.Watchees.Values)
                        count += watchers.Count;
                return count;
            }
        }
    }
}
