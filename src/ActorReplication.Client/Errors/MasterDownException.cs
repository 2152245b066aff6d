namespace ActorReplication.Client;

/// <summary>
/// The master cannot be used: either a replica answered <c>-MASTERDOWN</c> (its link is down and it does not serve
/// stale data), or no node answered as master within the retry budget (e.g. during a failover).
/// </summary>
public sealed class MasterDownException(string message) : CacheServerException(message);
