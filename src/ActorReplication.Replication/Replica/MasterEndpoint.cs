using System.Globalization;

namespace ActorReplication.Replication.Replica;

/// <summary>The master a replica follows, as INFO and ROLE name it (master_host, master_port): its RESP host and port.</summary>
public sealed record MasterEndpoint(string Host, int Port)
{
    /// <summary>"host port" (as REPLICAOF and redis.conf write it) or "host:port"; null when it is neither.</summary>
    public static MasterEndpoint? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string host, port;
        if (parts.Length == 2)
        {
            (host, port) = (parts[0], parts[1]);
        }
        else if (parts.Length == 1 && text.LastIndexOf(':') is var colon and > 0)
        {
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            return null;
        }
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
            ? new MasterEndpoint(host, p)
            : null;
    }

    public override string ToString() => $"{Host}:{Port}";
}
