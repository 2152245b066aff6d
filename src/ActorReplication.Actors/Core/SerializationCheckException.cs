namespace ActorReplication.Actors;

/// <summary>A message of a type that cannot cross the wire while <c>actor.serialize-messages = on</c>.</summary>
public sealed class SerializationCheckException(string message, Exception? inner = null) : ActorException(message, inner);
