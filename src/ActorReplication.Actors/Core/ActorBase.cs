using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>
/// Base of every actor. One message at a time, never concurrently; state needs no locks.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Creating ?? throw new ActorException(
            $"{GetType().Name} must be created through ActorOf(Props), not with 'new'");
    }

    internal ActorCell Cell => _cell;

    /// <summary>The context of this actor; only meaningful on its own turn.</summary>
    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    protected IActorRef Sender => _cell.Sender;

    /// <summary>A logger named after the actor class.</summary>
    protected ILogger Log => _cell.Log;

    /// <summary>The initial behaviour; return false for unhandled messages.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>How this actor supervises its children.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy() =>
        _cell.Props.SupervisorStrategy ?? Actors.SupervisorStrategy.DefaultStrategy;

    protected internal virtual void PreStart() { }

    protected internal virtual void PostStop() { }

    /// <summary>Before a restart, on the failed instance. Default: stop all children, then PostStop.</summary>
    protected internal virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.GetChildren()) _cell.Stop(child);
        PostStop();
    }

    /// <summary>After a restart, on the fresh instance. Default: PreStart.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>Called for messages no behaviour handled: Terminated becomes a DeathPactException, others an event.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.SenderOrNull, Self));
    }

    internal void InvokeUnhandled(object message) => Unhandled(message);

    protected void Become(Receive receive) => _cell.Become(receive);

    protected void BecomeStacked(Receive receive) => _cell.BecomeStacked(receive);

    protected void UnbecomeStacked() => _cell.UnbecomeStacked();

    protected void SetReceiveTimeout(TimeSpan? timeout) => _cell.SetReceiveTimeout(timeout);
}
