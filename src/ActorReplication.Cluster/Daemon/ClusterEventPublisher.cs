using ActorReplication.Actors;
using static ActorReplication.Cluster.ClusterDaemonMessages;

namespace ActorReplication.Cluster;

/// <summary>
/// Turns each new gossip of its daemon into membership events (<see cref="ClusterEvents.Diff"/>) for the subscribers,
/// and optionally onto the system event stream. A new subscriber first gets the current state, as a snapshot or as
/// the events that lead to it.
/// </summary>
internal sealed class ClusterEventPublisher : ReceiveActor
{
    private readonly UniqueAddress _self;
    private readonly bool _publishToEventStream;
    private readonly Dictionary<IActorRef, HashSet<Type>> _subscribers = new();
    private Gossip _latest = Gossip.Empty;

    public ClusterEventPublisher(UniqueAddress self, bool publishToEventStream)
    {
        _self = self;
        _publishToEventStream = publishToEventStream;
        Receive<PublishChanges>(HandlePublishChanges);
        Receive<PublishEvent>(m => Publish(m.Event));
        Receive<Subscribe>(HandleSubscribe);
        Receive<Unsubscribe>(HandleUnsubscribe);
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
    }

    public static Props Props(UniqueAddress self, bool publishToEventStream) =>
        Actors.Props.Create(() => new ClusterEventPublisher(self, publishToEventStream));

    private void HandlePublishChanges(PublishChanges m)
    {
        var old = _latest;
        _latest = m.Gossip;
        foreach (var e in ClusterEvents.Diff(old, _latest, _self)) Publish(e);
    }

    private void Publish(object e)
    {
        foreach (var (subscriber, types) in _subscribers)
            if (ClusterEvents.Matches(e, types)) subscriber.Tell(e, Self);
        if (_publishToEventStream) Context.System.EventStream.Publish(e);
    }

    private void HandleSubscribe(Subscribe m)
    {
        var types = m.To.IsEmpty ? [typeof(ClusterEvents.IClusterDomainEvent)] : m.To;
        if (m.Mode == ClusterEvents.SubscriptionInitialStateMode.InitialStateAsSnapshot)
            m.Subscriber.Tell(ClusterEvents.StateOf(_latest, _self), Self);
        else
            foreach (var e in ClusterEvents.Diff(Gossip.Empty, _latest, _self))
                if (ClusterEvents.Matches(e, types)) m.Subscriber.Tell(e, Self);
        if (!_subscribers.TryGetValue(m.Subscriber, out var set))
        {
            _subscribers[m.Subscriber] = set = [];
            Context.Watch(m.Subscriber);
        }
        set.UnionWith(types);
    }

    private void HandleUnsubscribe(Unsubscribe m)
    {
        if (!_subscribers.TryGetValue(m.Subscriber, out var set)) return;
        if (m.To is null) set.Clear();
        else set.Remove(m.To);
        if (set.Count == 0)
        {
            _subscribers.Remove(m.Subscriber);
            Context.Unwatch(m.Subscriber);
        }
    }
}
