namespace ActorReplication.Cluster;

/// <summary>
/// One failure detector per monitored resource (here: per node incarnation), created on its first heartbeat.
/// A resource never heard from counts as available. Not thread-safe: owned by the cluster daemon.
/// </summary>
public sealed class FailureDetectorRegistry<T> where T : notnull
{
    private readonly Func<IFailureDetector> _factory;
    private readonly Dictionary<T, IFailureDetector> _detectors = new();

    public FailureDetectorRegistry(Func<IFailureDetector> factory) => _factory = factory;

    public bool IsAvailable(T resource) => !_detectors.TryGetValue(resource, out var d) || d.IsAvailable;

    public bool IsMonitoring(T resource) => _detectors.TryGetValue(resource, out var d) && d.IsMonitoring;

    public void HeartBeat(T resource)
    {
        if (!_detectors.TryGetValue(resource, out var detector))
            _detectors[resource] = detector = _factory();
        detector.HeartBeat();
    }

    /// <summary>Stops monitoring (a removed node); a later heartbeat starts afresh.</summary>
    public void Remove(T resource) => _detectors.Remove(resource);

    public void Reset() => _detectors.Clear();

    public IEnumerable<T> Monitored => _detectors.Keys;

    public IFailureDetector? DetectorFor(T resource) => _detectors.GetValueOrDefault(resource);
}
