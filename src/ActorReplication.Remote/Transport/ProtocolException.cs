namespace ActorReplication.Remote.Transport;

/// <summary>The bytes on a connection do not follow the remoting protocol; that connection (only) is closed.</summary>
public sealed class ProtocolException(string message, Exception? inner = null) : Exception(message, inner);
