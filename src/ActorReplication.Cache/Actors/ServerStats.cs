namespace ActorReplication.Cache.Actors;

/// <summary>Server-wide counters for INFO stats; written by the keyspace actor and the listener.</summary>
public sealed class ServerStats
{
    private const int Samples = 16;
    private readonly long[] _opsPerSecSamples = new long[Samples];
    private long _lastSampleMs;
    private long _lastSampleCommands;
    private int _sampleIndex;
    private long _totalCommands;
    private long _totalConnections;
    private long _rejectedConnections;
    private int _blockedClients;

    public long TotalCommandsProcessed => Volatile.Read(ref _totalCommands);

    public long TotalConnectionsReceived => Volatile.Read(ref _totalConnections);

    public long RejectedConnections => Volatile.Read(ref _rejectedConnections);

    /// <summary>Clients parked by a blocking command now (INFO clients' blocked_clients).</summary>
    public int BlockedClients
    {
        get => Volatile.Read(ref _blockedClients);
        set => Volatile.Write(ref _blockedClients, value); // keyspace actor only
    }

    public void CommandsProcessed(int count) => _totalCommands += count; // keyspace actor only

    public void ConnectionReceived() => Interlocked.Increment(ref _totalConnections);

    public void ConnectionRejected() => Interlocked.Increment(ref _rejectedConnections);

    /// <summary>Like Redis: ops/sec is the mean of the last 16 samples taken about every 100 ms.</summary>
    public void Sample(long nowMs)
    {
        var elapsed = nowMs - _lastSampleMs;
        if (elapsed <= 0) return;
        var commands = TotalCommandsProcessed;
        if (_lastSampleMs != 0)
            _opsPerSecSamples[_sampleIndex++ % Samples] = (commands - _lastSampleCommands) * 1000 / elapsed;
        _lastSampleMs = nowMs;
        _lastSampleCommands = commands;
    }

    public long InstantaneousOpsPerSec
    {
        get
        {
            long sum = 0;
            foreach (var s in _opsPerSecSamples) sum += s;
            return sum / Samples;
        }
    }

    public void ResetStats()
    {
        Array.Clear(_opsPerSecSamples);
        Volatile.Write(ref _totalCommands, 0);
        Volatile.Write(ref _totalConnections, 0);
        Volatile.Write(ref _rejectedConnections, 0);
    }
}
