namespace ActorReplication.Cache.Actors;

/// <summary>Why a parked client stops waiting without data.</summary>
public enum UnblockReason
{
    /// <summary>Its timeout passed (or CLIENT UNBLOCK id TIMEOUT): it gets the null reply.</summary>
    Timeout,

    /// <summary>CLIENT UNBLOCK id ERROR: it gets -UNBLOCKED.</summary>
    Error,

    /// <summary>Its connection closed: it gets nothing.</summary>
    Disconnected,
}
