namespace ActorReplication.Actors;

/// <summary>The answer to <see cref="Identify"/>; <see cref="Subject"/> is null when nothing lives at the path.</summary>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);
