namespace ActorReplication.Actors;

public sealed class ActorNotFoundException(string message) : ActorException(message);
