namespace ActorReplication.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor:
/// <c>Receive&lt;Psync&gt;(HandlePsync)</c>. The first handler whose type and predicate match wins.
/// <see cref="Become(Action)"/> swaps the whole list.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerSet _configuring = new();
    private HandlerSet _initial;
    private bool _inConfigure = true;

    protected ReceiveActor()
    {
        _initial = _configuring;
    }

    protected internal sealed override bool Receive(object message) => _initial.TryHandle(message);

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        Configuring().Add(new ActionHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        Configuring().Add(new ActionHandler<T>(handler, shouldHandle));

    /// <summary>A handler that decides itself whether it handled the message.</summary>
    protected void Receive<T>(Func<T, bool> handler) => Configuring().Add(new FuncHandler<T>(handler));

    protected void ReceiveAny(Action<object> handler) => Configuring().Add(new ActionHandler<object>(handler, null));

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Become(Build(configure).TryHandle);

    /// <summary>Pushes the handlers that <paramref name="configure"/> registers; <c>UnbecomeStacked</c> pops.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure).TryHandle);

    private HandlerSet Build(Action configure)
    {
        var previous = (_configuring, _inConfigure);
        _configuring = new HandlerSet();
        _inConfigure = true;
        try
        {
            configure();
            return _configuring;
        }
        finally
        {
            (_configuring, _inConfigure) = previous;
        }
    }

    private HandlerSet Configuring()
    {
        if (!_inConfigure)
            throw new InvalidOperationException("Receive<T> may only be called in the constructor or inside Become(() => ...)");
        return _configuring;
    }

    /// <summary>Closes the constructor's registration window.</summary>
    internal void FinishConstruction()
    {
        _inConfigure = false;
        _initial = _configuring;
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> action, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            action(typed);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> func) : Handler
    {
        public override bool TryHandle(object message) => message is T typed && func(typed);
    }

    private sealed class HandlerSet
    {
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool TryHandle(object message)
        {
            foreach (var handler in _handlers)
                if (handler.TryHandle(message)) return true;
            return false;
        }
    }
}
