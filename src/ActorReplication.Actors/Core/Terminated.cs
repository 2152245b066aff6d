namespace ActorReplication.Actors;

/// <summary>
/// Delivered to a watcher when the watched actor stopped. <see cref="ExistenceConfirmed"/> is false when the
/// actor never existed or was already gone when watched; <see cref="AddressTerminated"/> when its node was lost.
/// </summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated) : IAutoReceivedMessage;
