using System.Net;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;
using Microsoft.AspNetCore.Connections;

namespace ActorReplication.Node.Resp;

/// <summary>One client connection's state, as CLIENT LIST shows it.</summary>
public sealed class ClientConnection(long id, ConnectionContext connection, bool authenticated) : IClientState
{
    private volatile bool _closeRequested;

    public long Id { get; } = id;
    public ConnectionContext Connection { get; } = connection;
    public string Address { get; } = Format(connection.RemoteEndPoint);
    public string LocalAddress { get; } = Format(connection.LocalEndPoint);
    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;
    public string? Name { get; set; }
    public string? LibName { get; set; }
    public string? LibVersion { get; set; }
    public string LastCommand { get; set; } = "NULL";
    public ClientSession Session { get; } = new();
    public RespProtocol Protocol { get; set; } = RespProtocol.Resp2;
    public bool IsAuthenticated { get; set; } = authenticated;
    public bool CloseRequested => _closeRequested;

    /// <summary>CLIENT LIST's flags: N for a normal client, S once the connection carries a replica's link (after PSYNC).</summary>
    public char Flag { get; set; } = 'N';

    /// <summary>What a replica told about itself with REPLCONF before its PSYNC (null: no REPLCONF yet).</summary>
    public ReplicaHandshake? ReplicaHandshake { get; set; }

    /// <summary>QUIT or CLIENT KILL: close after flushing what was already replied.</summary>
    public void RequestClose() => _closeRequested = true;

    private static string Format(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        null => "?",
        _ => endPoint.ToString() ?? "?",
    };
}
