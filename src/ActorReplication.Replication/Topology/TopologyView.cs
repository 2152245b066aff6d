using System.Collections.Immutable;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// The read model of one node's topology actor: its group, who is master (null while none), which members are its
/// replicas, the highest epoch known, and why this node refuses writes (null when it does not). Immutable.
/// </summary>
public sealed record TopologyView(
    string Group,
    NodeTopologyState? Master,
    ImmutableArray<NodeTopologyState> Replicas,
    long Epoch,
    NodeTopologyState? Self,
    string? FencedBecause)
{
    public static TopologyView Empty(string group) => new(group, null, [], 0, null, null);
}

/// <summary>
/// Where the topology actor publishes its <see cref="TopologyView"/> for readers on any thread (INFO, the master
/// locator's gate, a client gateway), without asking the actor.
/// </summary>
public sealed class TopologyBoard(string group)
{
    private volatile TopologyView _view = TopologyView.Empty(group);

    public TopologyView Current => _view;

    public void Publish(TopologyView view) => _view = view;
}
