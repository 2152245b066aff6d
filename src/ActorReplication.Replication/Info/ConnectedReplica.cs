namespace ActorReplication.Replication.Info;

/// <summary>One <c>slaveN:ip=...,port=...,state=...,offset=...,lag=...</c> line of INFO replication.</summary>
public sealed record ConnectedReplica(string ReplicaId, string Ip, int Port, string State, long Offset, long LagSeconds);
