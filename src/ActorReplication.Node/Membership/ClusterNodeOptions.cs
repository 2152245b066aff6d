namespace ActorReplication.Node.Membership;

/// <summary>
/// What a node's Akka.NET ActorSystem needs to be a cluster member: its remoting address, the seed nodes, its roles,
/// the split-brain resolver's timing and, optionally, TLS and fault injection. <see cref="ClusterNodeSystem"/> turns it
/// into Akka HOCON (plus an <c>ActorSystemSetup</c> for TLS).
/// </summary>
/// <param name="SystemName">The ActorSystem's name; every member of one cluster has the same.</param>
/// <param name="Host">The address remoting binds to and others reach this node at (loopback in tests).</param>
/// <param name="Port">Remoting port; 0 picks a free one (only sensible for a node that is not a seed).</param>
/// <param name="SeedNodes">"host:port" of the seed nodes, this node's own among them or not.</param>
/// <param name="Roles">Akka cluster roles: the node's RESP endpoint (<see cref="RespEndpointRole"/>) and groups.</param>
public sealed record ClusterNodeOptions(string SystemName, string Host, int Port, IReadOnlyList<string> SeedNodes, IReadOnlyList<string> Roles)
{
    /// <summary>How long membership must be stable before the split-brain resolver downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Heartbeat silence the failure detector tolerates before it marks a member unreachable.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Remoting over TLS with this PKCS#12 certificate; peers must present the same one (pinned).</summary>
    public TlsCertificate? Tls { get; init; }

    /// <summary>
    /// Wraps remoting in Akka's throttler adapter so <see cref="ClusterFaults"/> can black-hole addresses. It changes
    /// the address scheme to <c>akka.trttl.tcp</c>, so every member of the cluster must agree; never in shipped files.
    /// </summary>
    public bool FaultInjection { get; init; }

    /// <summary>The role that tells other members where this node answers RESP: <c>resp:host:port</c>.</summary>
    public static string RespEndpointRole(string host, int port) => $"resp:{host}:{port}";
}

/// <summary>A PKCS#12 file and its password.</summary>
public sealed record TlsCertificate(string Path, string Password);
