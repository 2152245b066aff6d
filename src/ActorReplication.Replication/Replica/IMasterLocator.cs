using ActorReplication.Actors;

namespace ActorReplication.Replication.Replica;

/// <summary>
/// Finds the master actor behind a master's RESP address, before each connection attempt (a restarted master may
/// listen for remoting on another port). The node's implementation asks the master over RESP for its remoting address
/// (INFO replication, <c>master_remote_address</c>) and resolves its master actor there; it works for a master in no
/// cluster at all, as REPLICAOF does in Redis.
/// </summary>
public interface IMasterLocator
{
    /// <summary>The master's master actor; fails (with a message for the log and INFO) when it cannot be reached.</summary>
    Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken);
}
