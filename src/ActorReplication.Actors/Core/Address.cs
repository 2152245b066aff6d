namespace ActorReplication.Actors;

/// <summary>
/// Where an actor system lives: <c>ar://system</c> in-process, <c>ar.tcp://system@host:port</c> when remoting is on.
/// </summary>
public sealed record Address(string Protocol, string System, string? Host = null, int? Port = null)
{
    public const string LocalProtocol = "ar";

    public bool HasLocalScope => Host is null;

    public override string ToString() =>
        Host is null ? $"{Protocol}://{System}" : $"{Protocol}://{System}@{Host}:{Port}";

    /// <summary>Parses <c>proto://system</c> or <c>proto://system@host:port</c>.</summary>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address))
            throw new FormatException($"'{text}' is not an actor system address (expected proto://system[@host:port])");
        return address;
    }

    public static bool TryParse(string text, out Address address)
    {
        address = null!;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return false;
        var protocol = text[..schemeEnd];
        var rest = text[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        var at = rest.IndexOf('@');
        if (at < 0)
        {
            if (rest.Length == 0) return false;
            address = new Address(protocol, rest);
            return true;
        }
        var system = rest[..at];
        var hostPort = rest[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        if (system.Length == 0 || colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var port) || port is < 0 or > 65535)
            return false;
        address = new Address(protocol, system, hostPort[..colon], port);
        return true;
    }
}
