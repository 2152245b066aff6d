namespace ActorReplication.Actors;

/// <summary>Where undeliverable messages go: each becomes a <see cref="DeadLetter"/> event.</summary>
internal sealed class DeadLetterActorRef(ActorPath path, ActorSystem system) : ActorRefBase, IInternalActorRef, ISystemBound
{
    public override ActorPath Path => path;
    public ActorSystem System => system;
    public bool IsTerminated => false;
    public bool IsLocal => true;

    public override void Tell(object message, IActorRef? sender)
    {
        switch (message)
        {
            case DeadLetter deadLetter:
                system.EventStream.Publish(deadLetter);
                break;
            case Identify identify:
                sender?.Tell(new ActorIdentity(identify.MessageId, null), this);
                break;
            default:
                system.EventStream.Publish(new DeadLetter(message, sender, this));
                break;
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, ExistenceConfirmed: false, AddressTerminated: false));
    }

    public void Stop() { }
}
