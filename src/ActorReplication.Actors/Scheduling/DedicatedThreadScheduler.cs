using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>
/// The default scheduler: one background thread waiting on a priority queue ordered by due time.
/// Precise to the OS timer resolution, and cheap when idle (it sleeps until the next due item).
/// </summary>
public sealed class DedicatedThreadScheduler : SchedulerBase, IDisposable
{
    private readonly PriorityQueue<Item, long> _queue = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly Thread _thread;
    private readonly ILogger? _log;
    private bool _disposed;

    private sealed record Item(long DueTicks, long IntervalTicks, Action Action, Cancelable Cancelable);

    public DedicatedThreadScheduler(ILogger? log = null)
    {
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = "actor-scheduler" };
        _thread.Start();
    }

    public override DateTimeOffset Now => _startedAt + _clock.Elapsed;

    public override TimeSpan MonotonicClock => _clock.Elapsed;

    protected override void Enqueue(TimeSpan delay, TimeSpan interval, Action action, Cancelable cancelable)
    {
        var due = _clock.Elapsed.Ticks + delay.Ticks;
        lock (_queue)
        {
            if (_disposed) return;
            _queue.Enqueue(new Item(due, interval.Ticks, action, cancelable), due);
            Monitor.Pulse(_queue);
        }
    }

    private void Run()
    {
        while (true)
        {
            Item item;
            lock (_queue)
            {
                while (true)
                {
                    if (_disposed) return;
                    if (_queue.TryPeek(out var next, out var due))
                    {
                        var wait = due - _clock.Elapsed.Ticks;
                        if (wait <= 0)
                        {
                            item = _queue.Dequeue();
                            break;
                        }
                        Monitor.Wait(_queue, TimeSpan.FromTicks(Math.Min(wait, TimeSpan.TicksPerSecond)));
                    }
                    else
                    {
                        Monitor.Wait(_queue);
                    }
                }
            }
            Fire(item);
        }
    }

    private void Fire(Item item)
    {
        if (item.Cancelable.IsCancellationRequested) return;
        try
        {
            item.Action();
        }
        catch (Exception ex)
        {
            _log?.LogError(ex, "A scheduled action threw");
        }
        if (item.IntervalTicks > 0 && !item.Cancelable.IsCancellationRequested)
        {
            // Fixed rate from the previous due time, but never bunching up after a stall.
            var nextDue = Math.Max(item.DueTicks + item.IntervalTicks, _clock.Elapsed.Ticks);
            lock (_queue)
            {
                if (!_disposed) _queue.Enqueue(item with { DueTicks = nextDue }, nextDue);
            }
        }
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _disposed = true;
            _queue.Clear();
            Monitor.Pulse(_queue);
        }
    }
}
