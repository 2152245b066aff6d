using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>
/// The part of a gossip about the gossip itself: which version each node has last seen, and who can reach whom.
/// Seen is kept as node → version rather than a bare set so that merging stays a lattice join (per node, the later
/// version; a node's own versions always form a chain). A node has seen a gossip when its entry equals the
/// gossip's version (<see cref="Gossip.SeenBy"/>).
/// </summary>
public sealed class GossipOverview : IEquatable<GossipOverview>
{
    public GossipOverview(ImmutableSortedDictionary<UniqueAddress, VectorClock> seenVersions, Reachability reachability)
    {
        SeenVersions = seenVersions;
        Reachability = reachability;
    }

    public static GossipOverview Empty { get; } = new(ImmutableSortedDictionary<UniqueAddress, VectorClock>.Empty, Reachability.Empty);

    /// <summary>The latest gossip version each node is known to have seen.</summary>
    public ImmutableSortedDictionary<UniqueAddress, VectorClock> SeenVersions { get; }

    public Reachability Reachability { get; }

    public GossipOverview WithSeenVersions(ImmutableSortedDictionary<UniqueAddress, VectorClock> seen) => new(seen, Reachability);

    public GossipOverview WithReachability(Reachability reachability) => new(SeenVersions, reachability);

    public bool Equals(GossipOverview? other) =>
        other is not null && SeenVersions.Count == other.SeenVersions.Count
        && SeenVersions.All(kv => other.SeenVersions.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value))
        && Reachability.Equals(other.Reachability);

    public override bool Equals(object? obj) => Equals(obj as GossipOverview);

    public override int GetHashCode() => HashCode.Combine(SeenVersions.Count, Reachability);

    public override string ToString() =>
        $"GossipOverview(seen [{string.Join(", ", SeenVersions.Select(kv => $"{kv.Key} @ {kv.Value}"))}], {Reachability})";
}
