namespace ActorReplication.Actors;

/// <summary>An immutable, thread-safe handle to an actor, local or remote.</summary>
public interface IActorRef : IEquatable<IActorRef>
{
    ActorPath Path { get; }

    /// <summary>Sends <paramref name="message"/> without waiting. <paramref name="sender"/> may be null (no sender).</summary>
    void Tell(object message, IActorRef? sender);
}
