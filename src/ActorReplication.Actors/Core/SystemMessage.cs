namespace ActorReplication.Actors;

/// <summary>
/// Runtime control messages. They bypass user mailbox ordering: a mailbox handles all pending
/// system messages before its next user message, and they are handled even while the actor is suspended.
/// </summary>
public abstract record SystemMessage;

internal sealed record Create : SystemMessage { public static readonly Create Instance = new(); }

internal sealed record Terminate : SystemMessage { public static readonly Terminate Instance = new(); }

/// <summary>Asks <paramref name="Watchee"/> to notify <paramref name="Watcher"/> when it stops.</summary>
public sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

public sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

/// <summary>Tells a watcher (or a parent) that <paramref name="Actor"/> has stopped.</summary>
public sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed, bool AddressTerminated) : SystemMessage;

internal sealed record Failed(IActorRef Child, Exception Cause, long Uid) : SystemMessage;

internal sealed record Resume(Exception? CausedByFailure) : SystemMessage;

internal sealed record Recreate(Exception Cause) : SystemMessage;

internal sealed record Suspend : SystemMessage { public static readonly Suspend Instance = new(); }
