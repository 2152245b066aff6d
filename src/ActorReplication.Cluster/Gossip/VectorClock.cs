using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>
/// The version of a gossip: one counter per node that changed it. A node bumps its own counter on every change
/// it makes, so comparing two versions tells whether one gossip contains the other or they diverged.
/// Missing entries count as 0. Immutable.
/// </summary>
public sealed class VectorClock : IEquatable<VectorClock>
{
    private VectorClock(ImmutableSortedDictionary<string, long> versions) => Versions = versions;

    public static VectorClock Empty { get; } = new(ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal));

    public ImmutableSortedDictionary<string, long> Versions { get; }

    /// <summary>The clock's node name for an incarnation.</summary>
    public static string NodeOf(UniqueAddress node) => node.ToString();

    public static VectorClock Create(IEnumerable<KeyValuePair<string, long>> versions) =>
        new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, versions.Where(kv => kv.Value > 0)));

    public long this[string node] => Versions.GetValueOrDefault(node);

    public VectorClock Increment(string node) => new(Versions.SetItem(node, this[node] + 1));

    public VectorClock Increment(UniqueAddress node) => Increment(NodeOf(node));

    /// <summary>The least clock that is after or same as both: the pointwise maximum.</summary>
    public VectorClock Merge(VectorClock other)
    {
        if (ReferenceEquals(this, other)) return this;
        var builder = Versions.ToBuilder();
        foreach (var (node, counter) in other.Versions)
            if (counter > this[node]) builder[node] = counter;
        return new VectorClock(builder.ToImmutable());
    }

    /// <summary>Drops a removed node's entry so clocks do not grow forever.</summary>
    public VectorClock Prune(string node) => Versions.ContainsKey(node) ? new(Versions.Remove(node)) : this;

    public VectorClock Prune(UniqueAddress node) => Prune(NodeOf(node));

    public VectorClockOrdering CompareTo(VectorClock other)
    {
        var thisAhead = false;
        var otherAhead = false;
        foreach (var (node, counter) in Versions)
        {
            var theirs = other[node];
            if (counter > theirs) thisAhead = true;
            else if (counter < theirs) otherAhead = true;
        }
        foreach (var (node, counter) in other.Versions)
            if (!Versions.ContainsKey(node) && counter > 0) otherAhead = true;
        return (thisAhead, otherAhead) switch
        {
            (false, false) => VectorClockOrdering.Same,
            (true, false) => VectorClockOrdering.After,
            (false, true) => VectorClockOrdering.Before,
            _ => VectorClockOrdering.Concurrent,
        };
    }

    public bool IsBefore(VectorClock other) => CompareTo(other) == VectorClockOrdering.Before;

    public bool IsAfter(VectorClock other) => CompareTo(other) == VectorClockOrdering.After;

    public bool IsConcurrentWith(VectorClock other) => CompareTo(other) == VectorClockOrdering.Concurrent;

    public bool Equals(VectorClock? other) => other is not null && CompareTo(other) == VectorClockOrdering.Same;

    public override bool Equals(object? obj) => Equals(obj as VectorClock);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (node, counter) in Versions)
        {
            hash.Add(node, StringComparer.Ordinal);
            hash.Add(counter);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "VectorClock(" + string.Join(", ", Versions.Select(kv => $"{kv.Key} -> {kv.Value}")) + ")";
}
