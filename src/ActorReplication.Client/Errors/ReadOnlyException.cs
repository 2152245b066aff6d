namespace ActorReplication.Client;

/// <summary>
/// <c>-READONLY</c>: a write reached a replica. The client raises it only when it cannot find the master within
/// its retry budget; otherwise it refreshes the topology and retries on the master (the replica did not run it).
/// </summary>
public sealed class ReadOnlyException(string message) : CacheServerException(message);
