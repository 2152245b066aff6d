namespace ActorReplication.Actors;

/// <summary>Turns the tell variants into actions, so an implementation only queues actions by due time.</summary>
public abstract class SchedulerBase : IScheduler
{
    public abstract DateTimeOffset Now { get; }

    public abstract TimeSpan MonotonicClock { get; }

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender) =>
        ScheduleOnce(delay, () => receiver.Tell(message, sender));

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender) =>
        ScheduleRepeatedly(initialDelay, interval, () => receiver.Tell(message, sender));

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        var cancelable = new Cancelable();
        Enqueue(Clamp(delay), TimeSpan.Zero, action, cancelable);
        return cancelable;
    }

    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action)
    {
        if (interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A repeat interval must be positive");
        var cancelable = new Cancelable();
        Enqueue(Clamp(initialDelay), interval, action, cancelable);
        return cancelable;
    }

    /// <summary>Queues <paramref name="action"/> to run after <paramref name="delay"/>, then every
    /// <paramref name="interval"/> if it is positive, until <paramref name="cancelable"/> is canceled.</summary>
    protected abstract void Enqueue(TimeSpan delay, TimeSpan interval, Action action, Cancelable cancelable);

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
}
