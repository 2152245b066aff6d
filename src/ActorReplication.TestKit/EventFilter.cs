using ActorReplication.Actors;
using Microsoft.Extensions.Logging;

namespace ActorReplication.TestKit;

/// <summary>Counts matching events on the event stream while a block runs, and after it until the count is reached.</summary>
public sealed class EventFilter(TestKit kit, Type channel, Predicate<object> match, string description)
{
    public void ExpectOne(Action action, TimeSpan? timeout = null) => Expect(1, action, timeout);

    public T ExpectOne<T>(Func<T> function, TimeSpan? timeout = null)
    {
        T result = default!;
        Expect(1, () => result = function(), timeout);
        return result;
    }

    /// <summary>Runs <paramref name="action"/> and requires exactly <paramref name="count"/> matching events by the deadline.</summary>
    public void Expect(int count, Action action, TimeSpan? timeout = null)
    {
        var probe = kit.CreateTestProbe();
        kit.Sys.EventStream.Subscribe(probe.Ref, channel);
        try
        {
            action();
            var limit = kit.Dilated(timeout ?? kit.TestKitSettings.SingleExpectDefault);
            var seen = 0;
            var others = new List<object>();
            var deadline = DateTime.UtcNow + limit;
            while (seen < count)
            {
                var left = deadline - DateTime.UtcNow;
                var events = left > TimeSpan.Zero ? probe.ReceiveWhile(e => e, left, count: 1) : [];
                if (events.Count == 0)
                    throw new TestKitAssertionException(
                        $"Expected {count} × {description} within {limit.TotalMilliseconds:0} ms but saw {seen}; other events: [{string.Join("; ", others.Take(10))}]");
                if (match(events[0])) seen++;
                else others.Add(events[0]);
            }
            var extra = probe.ReceiveWhile(e => e, TimeSpan.Zero).Count(e => match(e));
            if (extra > 0)
                throw new TestKitAssertionException($"Expected {count} × {description} but saw {count + extra}");
        }
        finally
        {
            kit.Sys.EventStream.Unsubscribe(probe.Ref);
            kit.Sys.Stop(probe.Ref);
        }
    }
}
