namespace ActorReplication.Actors;

public class ActorException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The actor's constructor or PreStart threw; supervisors stop such actors by default.</summary>
public sealed class ActorInitializationException(IActorRef? actor, string message, Exception? inner)
    : ActorException(message, inner)
{
    public IActorRef? Actor { get; } = actor;
}

/// <summary>Raised inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException(string message) : ActorException(message);

/// <summary>Raised when a watched actor terminated and the watcher had no handler for <see cref="Terminated"/>.</summary>
public sealed class DeathPactException(IActorRef dead)
    : ActorException($"Monitored actor {dead} terminated and the watcher does not handle Terminated")
{
    public IActorRef DeadActor { get; } = dead;
}

public sealed class InvalidActorNameException(string message) : ActorException(message);

public sealed class ActorNotFoundException(string message) : ActorException(message);

/// <summary>An Ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>A message of a type that cannot cross the wire while <c>actor.serialize-messages = on</c>.</summary>
public sealed class SerializationCheckException(string message, Exception? inner = null) : ActorException(message, inner);
