namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>A point in time that bounds a wait or a loop.</summary>
public readonly struct Deadline(TimeSpan budget)
{
    private readonly long _end = Environment.TickCount64 + (long)budget.TotalMilliseconds;

    public TimeSpan Budget { get; } = budget;

    public TimeSpan Remaining => TimeSpan.FromMilliseconds(Math.Max(0, _end - Environment.TickCount64));

    public bool Passed => Environment.TickCount64 >= _end;

    public CancellationTokenSource ToCancellation() => new(Remaining);
}
