namespace ActorReplication.Replication.Wire;

/// <summary>The other end of a replication link sent bytes that break the protocol: the link is dropped, never the node.</summary>
public sealed class ReplicationWireException(string message) : Exception(message);
