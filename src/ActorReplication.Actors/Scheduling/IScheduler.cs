namespace ActorReplication.Actors;

/// <summary>
/// Timers for actors. Swappable (<c>actor.scheduler.implementation</c>) so tests can run on virtual time.
/// Scheduled work must be short: it runs on the scheduler's own thread.
/// </summary>
public interface IScheduler
{
    /// <summary>Wall-clock time according to this scheduler (virtual under test).</summary>
    DateTimeOffset Now { get; }

    /// <summary>Monotonic time since the scheduler started; use it to measure intervals.</summary>
    TimeSpan MonotonicClock { get; }

    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);

    ICancelable ScheduleOnce(TimeSpan delay, Action action);

    ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action);
}
