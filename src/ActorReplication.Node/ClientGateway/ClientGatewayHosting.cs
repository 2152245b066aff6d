using ActorReplication.Node.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.ClientGateway;

/// <summary>Starts <c>/user/client-gateway</c> on every node, once the keyspace, replication and membership are up.</summary>
public static class ClientGatewayHosting
{
    public static void Start(NodeRuntime node, ILogger log)
    {
        node.System.ActorOf(ClientGatewayActor.Props(node), ClientGatewayActor.Name);
        log.LogInformation("Client gateway at {Address}/user/{Name}", node.RemoteAddress, ClientGatewayActor.Name);
    }
}
