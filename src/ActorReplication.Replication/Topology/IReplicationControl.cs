using ActorReplication.Replication.Replica;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// What the topology actor asks of the node's replication: the same operations as the REPLICAOF command (so the PSYNC
/// machinery is unchanged), plus refusing writes. The node implements it over its ReplicationHosting.
/// </summary>
public interface IReplicationControl
{
    /// <summary>REPLICAOF <paramref name="master"/> (nothing when already following it).</summary>
    void Follow(MasterEndpoint master);

    /// <summary>REPLICAOF NO ONE when following, and accept writes again (also after <see cref="Fence"/>).</summary>
    void BecomeMaster();

    /// <summary>Refuse clients' writes with -READONLY from now on (reads are still served), for <paramref name="reason"/>.</summary>
    void Fence(string reason);
}
