namespace ActorReplication.Client;

/// <summary>
/// No reply in time. For a write this means the outcome is unknown: it may or may not have been applied, so the client
/// never retries it on its own.
/// </summary>
public sealed class CacheTimeoutException(string message, Exception? inner = null) : CacheException(message, inner);
