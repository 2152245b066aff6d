namespace ActorReplication.Remote.Transport;

/// <summary>The byte after a frame's length. Wire format: values are append-only (pinned by a test).</summary>
public enum FrameType : byte
{
    Handshake = 1,
    HandshakeAck = 2,
    HandshakeReject = 3,
    Heartbeat = 4,
    Envelope = 5,
    Selection = 6,
    System = 7,
    Disassociate = 8,
}
