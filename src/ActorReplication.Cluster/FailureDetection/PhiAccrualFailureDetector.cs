namespace ActorReplication.Cluster;

/// <summary>
/// The phi accrual failure detector (Hayashibara et al.), as Akka uses it. Instead of a yes/no timeout it keeps
/// the distribution of heartbeat intervals and reports phi = -log10(P(a heartbeat is still to come this late)),
/// so phi grows the longer the silence relative to what this link usually shows; the resource is unavailable
/// when phi reaches <see cref="Threshold"/>. <see cref="AcceptableHeartbeatPause"/> is added to the mean, so
/// pauses up to it (GC, load) cost little; <see cref="MinStdDeviation"/> keeps a very regular link from
/// turning tiny jitter into a failure. The first heartbeat seeds the history with
/// <see cref="FirstHeartbeatEstimate"/> ± a quarter of it. Time comes from an injectable monotonic clock.
/// </summary>
public sealed class PhiAccrualFailureDetector : IFailureDetector
{
    private readonly Func<TimeSpan> _clock;
    private readonly HeartbeatHistory _history;
    private TimeSpan? _lastHeartbeat;

    public PhiAccrualFailureDetector(double threshold, int maxSampleSize, TimeSpan minStdDeviation,
        TimeSpan acceptableHeartbeatPause, TimeSpan firstHeartbeatEstimate, Func<TimeSpan> clock)
    {
        if (threshold <= 0) throw new ArgumentOutOfRangeException(nameof(threshold), "must be positive");
        if (minStdDeviation <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(minStdDeviation), "must be positive");
        if (acceptableHeartbeatPause < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(acceptableHeartbeatPause), "must not be negative");
        if (firstHeartbeatEstimate <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(firstHeartbeatEstimate), "must be positive");
        Threshold = threshold;
        MaxSampleSize = maxSampleSize;
        MinStdDeviation = minStdDeviation;
        AcceptableHeartbeatPause = acceptableHeartbeatPause;
        FirstHeartbeatEstimate = firstHeartbeatEstimate;
        _clock = clock;
        _history = new HeartbeatHistory(maxSampleSize);
    }

    public PhiAccrualFailureDetector(FailureDetectorSettings settings, Func<TimeSpan> clock)
        : this(settings.Threshold, settings.MaxSampleSize, settings.MinStdDeviation, settings.AcceptableHeartbeatPause,
            settings.FirstHeartbeatEstimate, clock)
    {
    }

    public double Threshold { get; }

    public int MaxSampleSize { get; }

    public TimeSpan MinStdDeviation { get; }

    public TimeSpan AcceptableHeartbeatPause { get; }

    public TimeSpan FirstHeartbeatEstimate { get; }

    public bool IsAvailable => Phi() < Threshold;

    public bool IsMonitoring => _lastHeartbeat is not null;

    /// <summary>Intervals in the history (the two seed samples included).</summary>
    public int SampleCount => _history.Count;

    public void HeartBeat()
    {
        var now = _clock();
        if (_lastHeartbeat is not { } last)
        {
            var mean = FirstHeartbeatEstimate.TotalMilliseconds;
            var deviation = mean / 4;
            _history.Add(mean - deviation);
            _history.Add(mean + deviation);
        }
        else if (Phi(now) < Threshold)
        {
            // The first heartbeat after a failure is not a sample: the long silence would skew the statistics.
            _history.Add((now - last).TotalMilliseconds);
        }
        _lastHeartbeat = now;
    }

    /// <summary>Suspicion now; 0 before the first heartbeat.</summary>
    public double Phi() => Phi(_clock());

    private double Phi(TimeSpan now)
    {
        if (_lastHeartbeat is not { } last) return 0.0;
        var sinceLast = (now - last).TotalMilliseconds;
        var mean = _history.Mean + AcceptableHeartbeatPause.TotalMilliseconds;
        var stdDeviation = Math.Max(_history.StdDeviation, MinStdDeviation.TotalMilliseconds);
        return Phi(sinceLast, mean, stdDeviation);
    }

    /// <summary>
    /// -log10 of the normal distribution's tail beyond <paramref name="sinceLastMs"/>, using the logistic
    /// approximation of the cumulative distribution (error below 0.014%) that stays finite far in the tail.
    /// </summary>
    internal static double Phi(double sinceLastMs, double meanMs, double stdDeviationMs)
    {
        var y = (sinceLastMs - meanMs) / stdDeviationMs;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        return sinceLastMs > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }
}
