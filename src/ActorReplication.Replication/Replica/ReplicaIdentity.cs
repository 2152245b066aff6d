namespace ActorReplication.Replication.Replica;

/// <summary>
/// How a replica introduces itself (REPLCONF): a stable id across reconnections, and where its own clients reach it
/// (shown by the master as slaveN:ip,port).
/// </summary>
public sealed record ReplicaIdentity(string ReplicaId, string Ip, int Port);
