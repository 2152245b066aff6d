using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Node.ClientGateway;

/// <summary>
/// The keyspace's view of every remoting client: database 0, RESP2 replies, authenticated (a remoting peer has already
/// proved the cluster secret in its handshake). Commands that would change per-connection state (SELECT, HELLO, QUIT)
/// are refused by the gateway, so one shared state serves every request.
/// </summary>
internal sealed class GatewayClientState : IClientState
{
    public static readonly GatewayClientState Instance = new();

    public ClientSession Session { get; } = new();

    public RespProtocol Protocol => RespProtocol.Resp2;

    public bool IsAuthenticated => true;

    public bool CloseRequested => false;
}
