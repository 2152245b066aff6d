namespace ActorReplication.Actors;

/// <summary>
/// The temporary ref behind an Ask: the first message completes the task, after which the ref is removed
/// from the system's temp container. A timeout or a canceled token removes it too, so nothing leaks.
/// </summary>
internal sealed class PromiseActorRef : ActorRefBase, IInternalActorRef, ISystemBound
{
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly ActorPath _path;
    private List<IInternalActorRef>? _watchers;

    public PromiseActorRef(ActorSystem system, ActorPath path)
    {
        _system = system;
        _path = path;
    }

    public Task<object> Task => _promise.Task;
    public ActorSystem System => _system;
    public override ActorPath Path => _path;
    public bool IsTerminated => _promise.Task.IsCompleted;
    public bool IsLocal => true;

    public override void Tell(object message, IActorRef? sender)
    {
        var completed = message is Status.Failure failure ? _promise.TrySetException(failure.Cause) : _promise.TrySetResult(message);
        if (completed) Complete();
        else _system.PublishDeadLetter(message, sender, this);
    }

    public void Fail(Exception cause)
    {
        if (_promise.TrySetException(cause)) Complete();
    }

    private void Complete()
    {
        _system.TempContainer.Remove(this);
        List<IInternalActorRef>? watchers;
        lock (_promise) (watchers, _watchers) = (_watchers, null);
        if (watchers is null) return;
        foreach (var watcher in watchers)
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true, AddressTerminated: false));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is not Watch watch) return;
        lock (_promise)
        {
            if (!_promise.Task.IsCompleted)
            {
                (_watchers ??= []).Add(watch.Watcher);
                return;
            }
        }
        watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true, AddressTerminated: false));
    }

    public void Stop() => Fail(new ActorException("Ask was stopped before a reply arrived"));
}
