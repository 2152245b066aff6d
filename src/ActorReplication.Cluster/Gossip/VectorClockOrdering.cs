namespace ActorReplication.Cluster;

/// <summary>How two vector clocks relate.</summary>
public enum VectorClockOrdering
{
    Same,
    /// <summary>This clock happened before the other (the other is newer).</summary>
    Before,
    /// <summary>This clock happened after the other (this one is newer).</summary>
    After,
    Concurrent,
}
