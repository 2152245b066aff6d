namespace ActorReplication.Actors;

/// <summary>Raised when a watched actor terminated and the watcher had no handler for <see cref="Terminated"/>.</summary>
public sealed class DeathPactException(IActorRef dead)
    : ActorException($"Monitored actor {dead} terminated and the watcher does not handle Terminated")
{
    public IActorRef DeadActor { get; } = dead;
}
