namespace ActorReplication.Cluster;

/// <summary>A bounded window of inter-arrival intervals (ms) with running sums for mean and variance.</summary>
internal sealed class HeartbeatHistory
{
    private readonly Queue<double> _intervals = new();
    private readonly int _maxSampleSize;
    private double _sum;
    private double _squaredSum;

    public HeartbeatHistory(int maxSampleSize)
    {
        if (maxSampleSize < 1) throw new ArgumentOutOfRangeException(nameof(maxSampleSize), "must be at least 1");
        _maxSampleSize = maxSampleSize;
    }

    public int Count => _intervals.Count;

    public double Mean => _sum / _intervals.Count;

    public double Variance => Math.Max(0, (_squaredSum / _intervals.Count) - (Mean * Mean));

    public double StdDeviation => Math.Sqrt(Variance);

    public void Add(double interval)
    {
        if (_intervals.Count >= _maxSampleSize)
        {
            var oldest = _intervals.Dequeue();
            _sum -= oldest;
            _squaredSum -= oldest * oldest;
        }
        _intervals.Enqueue(interval);
        _sum += interval;
        _squaredSum += interval * interval;
    }
}
