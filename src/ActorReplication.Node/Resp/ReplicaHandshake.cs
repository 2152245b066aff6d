namespace ActorReplication.Node.Resp;

/// <summary>
/// What a replica says about itself with REPLCONF before PSYNC: Redis's fields (listening-port, ip-address, capa) and
/// ours (ar-replica-id: its stable id across reconnections; ar-epoch: the topology epoch it knows; ar-priority: its
/// replica-priority; ar-control: its slave actor's remoting path, where FAILOVER reaches it).
/// </summary>
public sealed class ReplicaHandshake
{
    public int ListeningPort { get; set; }
    public string? IpAddress { get; set; }
    public List<string> Capabilities { get; } = [];
    public string? ReplicaId { get; set; }
    public long Epoch { get; set; }
    public int Priority { get; set; } = 100;
    public string? ControlPath { get; set; }
}
