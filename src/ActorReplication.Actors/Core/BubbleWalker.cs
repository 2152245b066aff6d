using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>The parent of the root guardian: it learns when the whole tree has stopped.</summary>
internal sealed class BubbleWalker(ActorSystem system, ActorPath path, Action onRootTerminated) : ActorRefBase, IInternalActorRef
{
    public override ActorPath Path => path;
    public bool IsTerminated => false;
    public bool IsLocal => true;

    public override void Tell(object message, IActorRef? sender) => system.PublishDeadLetter(message, sender, this);

    public void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case DeathWatchNotification:
                onRootTerminated();
                break;
            case Failed failed:
                system.Log.LogCritical(failed.Cause, "The root guardian failed; stopping the actor system");
                ((IInternalActorRef)failed.Child).Stop();
                break;
        }
    }

    public void Stop() { }
}
