using System.Net.Sockets;
using Akka.Actor;

namespace ActorReplication.Replication.Replica;

/// <summary>
/// Each attempt opens a TCP connection to the address REPLICAOF names (the master's RESP port, or whatever proxy stands
/// there) and hands it to a new <see cref="MasterLinkActor"/>, which speaks Redis's replication wire over it. A refused
/// or unreachable address fails the attempt with the socket's error, as Redis logs "Error condition on socket for SYNC".
/// </summary>
/// <param name="controlPath">How the master reaches a slave actor for control messages (its remoting path), "" for nowhere.</param>
public sealed class WireMasterLocator(ActorSystem system, Func<IActorRef, string> controlPath, TimeSpan idleTimeout) : IMasterLocator
{
    public async Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"{ex.Message} ({endpoint})", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return system.ActorOf(MasterLinkActor.Props(socket, endpoint, controlPath, idleTimeout));
    }
}
