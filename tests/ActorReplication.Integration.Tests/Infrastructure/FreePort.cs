using System.Net;
using System.Net.Sockets;

namespace ActorReplication.Integration.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A port the OS says is free on 127.0.0.1 right now: bind port 0, read it, release it.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
