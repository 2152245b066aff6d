namespace ActorReplication.Cluster;

/// <summary>The <c>cluster.failure-detector</c> section. Keys are documented in hocon/reference/cluster.conf.</summary>
public sealed record FailureDetectorSettings(
    TimeSpan HeartbeatInterval,
    double Threshold,
    int MaxSampleSize,
    TimeSpan MinStdDeviation,
    TimeSpan AcceptableHeartbeatPause,
    TimeSpan FirstHeartbeatEstimate,
    int MonitoredByNrOfMembers,
    TimeSpan ExpectedResponseAfter);
