using ActorReplication.Actors;

namespace ActorReplication.Remote;

/// <summary>
/// Events remoting publishes on the system's event stream (subscribe to <see cref="IEvent"/> for all of them).
/// They never leave the process.
/// </summary>
public static class RemotingLifecycle
{
    public interface IEvent : INoSerializationVerificationNeeded;

    /// <summary>A connection to <paramref name="Remote"/> completed its handshake.</summary>
    public sealed record Associated(Address Local, Address Remote, long RemoteUid, bool Inbound) : IEvent;

    /// <summary>The connection to <paramref name="Remote"/> closed; remoting reconnects when it has something to send.</summary>
    public sealed record Disassociated(Address Local, Address Remote, string Reason) : IEvent;

    /// <summary>This node will never again talk to incarnation <paramref name="Uid"/> of <paramref name="Remote"/>.</summary>
    public sealed record Quarantined(Address Remote, long Uid, string Reason) : IEvent;

    /// <summary><paramref name="Remote"/> quarantined this node's incarnation: the two can only talk again after this node restarts.</summary>
    public sealed record ThisSystemQuarantined(Address Local, Address Remote) : IEvent;

    /// <summary>A handshake was refused, by this node (<paramref name="Inbound"/>) or by the peer.</summary>
    public sealed record HandshakeRefused(string Peer, string Reason, bool Inbound) : IEvent;
}
