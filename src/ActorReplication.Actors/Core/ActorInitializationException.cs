namespace ActorReplication.Actors;

/// <summary>The actor's constructor or PreStart threw; supervisors stop such actors by default.</summary>
public sealed class ActorInitializationException(IActorRef? actor, string message, Exception? inner)
    : ActorException(message, inner)
{
    public IActorRef? Actor { get; } = actor;
}
