namespace ActorReplication.Actors;

/// <summary>
/// Publish/subscribe by type within one actor system: a subscriber to a type receives every event
/// assignable to it. Used for dead letters, log events, and runtime notifications (e.g. membership).
/// </summary>
public sealed class EventStream
{
    private readonly record struct Subscription(Type Channel, IActorRef Subscriber);

    private Subscription[] _subscriptions = [];
    private readonly object _writeLock = new();

    /// <summary>Returns false if the subscriber was already subscribed to exactly this channel.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        lock (_writeLock)
        {
            foreach (var s in _subscriptions)
                if (s.Channel == channel && s.Subscriber.Equals(subscriber)) return false;
            _subscriptions = [.. _subscriptions, new Subscription(channel, subscriber)];
            return true;
        }
    }

    public bool Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    public bool Unsubscribe(IActorRef subscriber, Type channel) =>
        RemoveWhere(s => s.Channel == channel && s.Subscriber.Equals(subscriber));

    public bool Unsubscribe(IActorRef subscriber) => RemoveWhere(s => s.Subscriber.Equals(subscriber));

    public void Publish(object @event)
    {
        var subscriptions = _subscriptions;
        var sawDead = false;
        foreach (var s in subscriptions)
        {
            if (!s.Channel.IsInstanceOfType(@event)) continue;
            if (s.Subscriber is IInternalActorRef { IsLocal: true, IsTerminated: true })
            {
                sawDead = true;
                continue;
            }
            s.Subscriber.Tell(@event, null);
        }
        // Stopped local subscribers are pruned lazily instead of being watched.
        if (sawDead) RemoveWhere(s => s.Subscriber is IInternalActorRef { IsLocal: true, IsTerminated: true });
    }

    private bool RemoveWhere(Predicate<Subscription> match)
    {
        lock (_writeLock)
        {
            var kept = Array.FindAll(_subscriptions, s => !match(s));
            var removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }
}
