using System.Globalization;

namespace ActorReplication.Client.Protocol;

/// <summary>
/// The gateway protocol's version and who may talk to whom. A client and a node understand each other when they share
/// the major version and are at most one minor version apart, so clusters and their clients can be upgraded one
/// release at a time in either order; anything further apart is refused in the handshake with both versions named.
/// </summary>
public static class GatewayProtocol
{
    /// <summary>
    /// This build's version. 1.0 is the protocol before versions (no version field); 1.1 adds the version handshake;
    /// 1.2 adds pipelining (<see cref="CommandBatchRequest"/>) and the lag bound on replica reads. A client sends a
    /// 1.2 request only to a node that says it speaks 1.2 or later.
    /// </summary>
    public static ProtocolVersion Current { get; } = new() { Major = 1, Minor = 2 };

    /// <summary>The first version whose nodes take <see cref="CommandBatchRequest"/> and <c>max_lag_seconds</c>.</summary>
    public const int PipeliningMinor = 2;

    /// <summary>Whether a node of <paramref name="node"/>'s version serves batches and lag bounds.</summary>
    public static bool ServesPipelining(ProtocolVersion node) => node.Major > 1 || node.Minor >= PipeliningMinor;

    /// <summary>A peer that sent no version speaks 1.0.</summary>
    public static ProtocolVersion OrUnversioned(ProtocolVersion? version) => version ?? new ProtocolVersion { Major = 1, Minor = 0 };

    public static bool Compatible(ProtocolVersion client, ProtocolVersion node) =>
        client.Major == node.Major && Math.Abs(client.Minor - node.Minor) <= 1;

    public static string Describe(ProtocolVersion version) =>
        version.Major.ToString(CultureInfo.InvariantCulture) + "." + version.Minor.ToString(CultureInfo.InvariantCulture);

    /// <summary>The one text both ends use for a refused handshake.</summary>
    public static string Mismatch(ProtocolVersion client, ProtocolVersion node) =>
        $"client gateway protocol {Describe(client)} cannot talk to node protocol {Describe(node)}: the major versions must match and the minor versions be at most one apart; upgrade the older side";
}
