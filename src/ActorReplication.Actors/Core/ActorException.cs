namespace ActorReplication.Actors;

public class ActorException(string message, Exception? inner = null) : Exception(message, inner);
