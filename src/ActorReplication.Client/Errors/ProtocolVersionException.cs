namespace ActorReplication.Client;

/// <summary>
/// No node could be used because their gateway protocol version is too far from this client's (the message names
/// both): the major versions differ or the minor versions are more than one apart.
/// </summary>
public sealed class ProtocolVersionException(string message) : CacheException(message);
