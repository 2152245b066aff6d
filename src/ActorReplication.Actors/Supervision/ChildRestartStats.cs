namespace ActorReplication.Actors;

/// <summary>Restarts of one child inside the strategy's time window.</summary>
public sealed class ChildRestartStats
{
    private TimeSpan _windowStart;

    public int RestartCount { get; private set; }

    /// <summary>
    /// Counts a restart and says whether it is allowed: at most <paramref name="maxRetries"/> within
    /// <paramref name="window"/> (a negative max means unlimited; a null window means ever).
    /// </summary>
    public bool RequestRestartPermission(int maxRetries, TimeSpan? window, TimeSpan now)
    {
        if (maxRetries < 0) return true;
        if (maxRetries == 0) return false;
        if (window is { } w)
        {
            if (RestartCount == 0 || now - _windowStart > w)
            {
                _windowStart = now;
                RestartCount = 1;
                return true;
            }
        }
        RestartCount++;
        return RestartCount <= maxRetries;
    }
}
