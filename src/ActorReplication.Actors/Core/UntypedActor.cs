namespace ActorReplication.Actors;

/// <summary>An actor with one <see cref="OnReceive"/> method; call <c>Unhandled</c> for what it does not handle.</summary>
public abstract class UntypedActor : ActorBase
{
    protected internal sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);
}
