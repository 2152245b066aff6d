namespace ActorReplication.Actors;

/// <summary>Every actor answers with <see cref="ActorIdentity"/>; used to resolve selections, also across nodes.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;
