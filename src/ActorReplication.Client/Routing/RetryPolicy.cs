namespace ActorReplication.Client.Routing;

/// <summary>
/// What may be tried again. A read may always be repeated. A write is repeated only when the client knows it did not
/// run: nothing was sent, or a node refused it (READONLY, MASTERDOWN). After a timeout a write's outcome is unknown
/// (an INCR may have been applied), so it is reported, never repeated.
/// </summary>
public static class RetryPolicy
{
    public static bool MayRetry(RequestKind kind, FailureKind failure) => failure switch
    {
        FailureKind.NoTarget or FailureKind.ReadOnly or FailureKind.MasterDown or FailureKind.OffsetNotReached or FailureKind.LagExceeded => true,
        FailureKind.Timeout => kind == RequestKind.Read,
        _ => false,
    };

    /// <summary>Whether the retry must go to the master (a replica could not serve it), whatever the read preference.</summary>
    public static bool RetryOnMaster(FailureKind failure) => failure is FailureKind.MasterDown or FailureKind.OffsetNotReached or FailureKind.LagExceeded;

    /// <summary>Whether the failure means the client's view of the topology is stale.</summary>
    public static bool InvalidatesTopology(FailureKind failure) =>
        failure is FailureKind.NoTarget or FailureKind.ReadOnly or FailureKind.Timeout or FailureKind.MasterDown;

    /// <summary>Pause before attempt <paramref name="attempt"/> (1-based retries): 25 ms doubling up to 1 s.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(1000, 25 * Math.Pow(2, Math.Max(0, attempt - 1))));
}
