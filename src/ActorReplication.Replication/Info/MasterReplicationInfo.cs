namespace ActorReplication.Replication.Info;

/// <summary>What a node's master actor reports for INFO replication / INFO stats / ROLE (Redis's field meanings).</summary>
public sealed record MasterReplicationInfo(
    IReadOnlyList<ConnectedReplica> Replicas,
    string MasterReplId,
    string MasterReplId2,
    long MasterReplOffset,
    long SecondReplOffset,
    bool BacklogActive,
    long BacklogSize,
    long BacklogFirstByteOffset,
    long BacklogHistLen,
    long SyncFull,
    long SyncPartialOk,
    long SyncPartialErr,
    int GoodReplicas,
    int MinReplicasToWrite);
