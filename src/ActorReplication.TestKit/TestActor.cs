using System.Collections.Concurrent;
using ActorReplication.Actors;

namespace ActorReplication.TestKit;

/// <summary>Puts every message it receives into its kit's queue; can watch other actors on request.</summary>
internal sealed class TestActor : ActorBase
{
    private readonly BlockingCollection<Envelope> _queue;

    public TestActor(BlockingCollection<Envelope> queue) => _queue = queue;

    internal sealed record WatchRequest(IActorRef Subject, bool Watch) : INoSerializationVerificationNeeded;

    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest { Watch: true } request:
                Context.Watch(request.Subject);
                Sender.Tell(request, Self);
                return true;
            case WatchRequest request:
                Context.Unwatch(request.Subject);
                Sender.Tell(request, Self);
                return true;
            default:
                _queue.Add(new Envelope(message, Context.Sender));
                return true;
        }
    }

    protected internal override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;
}
