using ActorReplication.Actors;

namespace ActorReplication.Remote;

/// <summary>
/// What a remote message's recipient path resolves to when no actor lives there: messages become dead letters
/// naming the intended path, <see cref="Identify"/> gets an empty identity, and a watch is answered at once
/// with a notification that the actor does not exist.
/// </summary>
internal sealed class EmptyLocalActorRef(ActorSystem system, ActorPath path) : ActorRefBase, IInternalActorRef, ISystemBound
{
    public override ActorPath Path => path;
    public ActorSystem System => system;
    public bool IsTerminated => true;
    public bool IsLocal => true;

    public override void Tell(object message, IActorRef? sender)
    {
        if (message is Identify identify)
            sender?.Tell(new ActorIdentity(identify.MessageId, null), system.DeadLetters);
        else
            system.EventStream.Publish(new DeadLetter(message, sender, this));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false, AddressTerminated: false));
    }

    public void Stop() { }
}
