namespace ActorReplication.Client;

/// <summary>-WRONGTYPE: the key holds another type than the command works on (the command did not run).</summary>
public sealed class WrongTypeException(string message) : CacheServerException(message);
