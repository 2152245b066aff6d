using ActorReplication.Actors;

namespace ActorReplication.TestKit;

/// <summary>
/// Virtual time: nothing fires until the test calls <see cref="Advance"/>, which runs every item that falls due,
/// in due order, on the calling thread. Timeouts of minutes are tested in milliseconds of real time.
/// </summary>
public sealed class TestScheduler : SchedulerBase
{
    private readonly PriorityQueue<Item, (long Due, long Seq)> _queue = new();
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _nowTicks;
    private long _sequence;

    private sealed record Item(long DueTicks, long IntervalTicks, Action Action, Cancelable Cancelable);

    public override DateTimeOffset Now => _start + MonotonicClock;

    public override TimeSpan MonotonicClock => TimeSpan.FromTicks(Interlocked.Read(ref _nowTicks));

    /// <summary>Items waiting to fire (including canceled ones not yet reached).</summary>
    public int PendingCount
    {
        get { lock (_queue) return _queue.Count; }
    }

    protected override void Enqueue(TimeSpan delay, TimeSpan interval, Action action, Cancelable cancelable)
    {
        lock (_queue)
        {
            var due = _nowTicks + delay.Ticks;
            _queue.Enqueue(new Item(due, interval.Ticks, action, cancelable), (due, _sequence++));
        }
    }

    /// <summary>Moves virtual time forward, firing what falls due (repeating items may fire several times).</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "Time only moves forward");
        long target;
        lock (_queue) target = _nowTicks + by.Ticks;
        while (TryTakeDue(target, out var item))
        {
            if (item.Cancelable.IsCancellationRequested) continue;
            item.Action();
            if (item.IntervalTicks > 0 && !item.Cancelable.IsCancellationRequested)
                lock (_queue)
                {
                    var next = item.DueTicks + item.IntervalTicks;
                    _queue.Enqueue(item with { DueTicks = next }, (next, _sequence++));
                }
        }
        lock (_queue) _nowTicks = Math.Max(_nowTicks, target);
    }

    public void AdvanceTo(DateTimeOffset when) => Advance(when - Now);

    private bool TryTakeDue(long target, out Item item)
    {
        lock (_queue)
        {
            if (_queue.TryPeek(out item!, out var priority) && priority.Due <= target)
            {
                _queue.Dequeue();
                // Time reads as the item's due time while it runs, as if it fired exactly on schedule.
                _nowTicks = Math.Max(_nowTicks, priority.Due);
                return true;
            }
            return false;
        }
    }
}
