namespace ActorReplication.Actors;

/// <summary>Every actor answers with <see cref="ActorIdentity"/>; used to resolve selections, also across nodes.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>; <see cref="Subject"/> is null when nothing lives at the path.</summary>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);
