namespace ActorReplication.Replication.Replica;

/// <summary>The master a replica follows, as INFO and ROLE name it (master_host, master_port).</summary>
public sealed record MasterEndpoint(string Host, int Port);
