namespace ActorReplication.Cluster;

/// <summary>One observation: <paramref name="Observer"/> saw <paramref name="Subject"/> as <paramref name="Status"/> at the observer's version.</summary>
public sealed record ReachabilityRecord(UniqueAddress Observer, UniqueAddress Subject, ReachabilityStatus Status, long Version)
{
    /// <summary>Total order used when two views of the same row at the same version disagree: later version, then worse status.</summary>
    internal static ReachabilityRecord Newer(ReachabilityRecord a, ReachabilityRecord b)
    {
        if (a.Version != b.Version) return a.Version > b.Version ? a : b;
        return a.Status >= b.Status ? a : b;
    }
}
