namespace ActorReplication.Client;

/// <summary><c>-NOREPLICAS</c>: the master refuses writes (min-replicas-to-write is not met). Not retried.</summary>
public sealed class NoReplicasException(string message) : CacheServerException(message);
