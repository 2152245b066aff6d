namespace ActorReplication.Actors;

internal sealed class NobodyActorRef : ActorRefBase, IInternalActorRef
{
    private static readonly ActorPath NobodyPath = ActorPath.Root(new Address(Address.LocalProtocol, "all-systems")).Child("Nobody");

    public override ActorPath Path => NobodyPath;
    public bool IsTerminated => true;
    public bool IsLocal => true;

    public override void Tell(object message, IActorRef? sender) { }

    public void SendSystemMessage(SystemMessage message)
    {
        // Watching nobody yields Terminated at once, like watching any dead actor.
        if (message is Watch watch)
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false, AddressTerminated: false));
    }

    public void Stop() { }
}
