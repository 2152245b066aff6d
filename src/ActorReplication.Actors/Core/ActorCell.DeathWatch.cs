namespace ActorReplication.Actors;

internal sealed partial class ActorCell
{
    private readonly HashSet<IActorRef> _watching = new();
    private readonly HashSet<IActorRef> _watchedBy = new();
    // Terminated messages queued but not yet delivered; Unwatch removes the entry so the message is dropped.
    private readonly HashSet<IActorRef> _terminatedQueued = new();

    public IActorRef Watch(IActorRef subject)
    {
        if (subject.Equals(Self) || !_watching.Add(subject)) return subject;
        ((IInternalActorRef)subject).SendSystemMessage(new Watch((IInternalActorRef)subject, SelfRef));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject.Equals(Self)) return subject;
        if (_watching.Remove(subject))
            ((IInternalActorRef)subject).SendSystemMessage(new Unwatch((IInternalActorRef)subject, SelfRef));
        _terminatedQueued.Remove(subject);
        return subject;
    }

    private void AddWatcher(Watch watch)
    {
        if (!watch.Watchee.Equals(Self) || watch.Watcher.Equals(Self)) return;
        _watchedBy.Add(watch.Watcher);
    }

    private void RemoveWatcher(Unwatch unwatch)
    {
        if (unwatch.Watchee.Equals(Self)) _watchedBy.Remove(unwatch.Watcher);
    }

    /// <summary>A watched actor or a child stopped.</summary>
    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching.Remove(actor) && !_terminating)
        {
            _terminatedQueued.Add(actor);
            Mailbox.Post(new Terminated(actor, notification.ExistenceConfirmed, notification.AddressTerminated), actor);
        }
        if (RemoveChild(actor)) OnChildTerminated();
    }

    private void NotifyWatchersOfOwnDeath()
    {
        var notification = new DeathWatchNotification(Self, ExistenceConfirmed: true, AddressTerminated: false);
        foreach (var watcher in _watchedBy)
            ((IInternalActorRef)watcher).SendSystemMessage(notification);
        if (!_watchedBy.Contains(ParentRef)) ParentRef.SendSystemMessage(notification);
        _watchedBy.Clear();
        foreach (var watched in _watching)
            ((IInternalActorRef)watched).SendSystemMessage(new Unwatch((IInternalActorRef)watched, SelfRef));
        _watching.Clear();
        _terminatedQueued.Clear();
    }

    /// <summary>After the mailbox closed: a late Watch is answered at once, everything else is moot.</summary>
    public void HandleSystemMessageWhenDead(SystemMessage message)
    {
        if (message is Watch watch && watch.Watchee.Equals(Self) && !watch.Watcher.Equals(Self))
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true, AddressTerminated: false));
    }
}
