namespace ActorReplication.Actors;

/// <summary>A user message with its sender, as it sits in a mailbox or stash.</summary>
public readonly record struct Envelope(object Message, IActorRef? Sender);
