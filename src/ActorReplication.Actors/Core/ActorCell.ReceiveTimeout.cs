namespace ActorReplication.Actors;

internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private ICancelable? _receiveTimeoutTask;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        _receiveTimeout = timeout is { } t && t > TimeSpan.Zero ? t : null;
        RescheduleReceiveTimeout();
    }

    /// <summary>Any message except those marked <see cref="INotInfluenceReceiveTimeout"/> restarts the clock;
    /// the timeout itself re-arms, so it repeats until turned off.</summary>
    private void AfterReceive(object message)
    {
        if (_receiveTimeout is null) return;
        if (message is not INotInfluenceReceiveTimeout || message is Actors.ReceiveTimeout) RescheduleReceiveTimeout();
    }

    private void RescheduleReceiveTimeout()
    {
        CancelReceiveTimeout();
        if (_receiveTimeout is { } timeout && !_terminating)
            _receiveTimeoutTask = System.Scheduler.ScheduleTellOnce(timeout, Self, Actors.ReceiveTimeout.Instance, Self);
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = null;
    }
}
