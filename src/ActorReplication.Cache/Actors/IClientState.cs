using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>What the keyspace actor needs to know of a client connection.</summary>
public interface IClientState
{
    /// <summary>CLIENT ID (CLIENT UNBLOCK names a client by it); 0 for clients that have none.</summary>
    long Id => 0;

    ClientSession Session { get; }

    /// <summary>RESP2 or RESP3, as negotiated by HELLO.</summary>
    RespProtocol Protocol { get; }

    /// <summary>False until AUTH succeeds when a password is required.</summary>
    bool IsAuthenticated { get; }

    /// <summary>Set by QUIT or CLIENT KILL: the connection closes after flushing the replies so far.</summary>
    bool CloseRequested { get; }
}
