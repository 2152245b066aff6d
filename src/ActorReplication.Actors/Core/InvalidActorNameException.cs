namespace ActorReplication.Actors;

public sealed class InvalidActorNameException(string message) : ActorException(message);
