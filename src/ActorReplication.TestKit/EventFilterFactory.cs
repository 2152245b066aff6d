using ActorReplication.Actors;
using Microsoft.Extensions.Logging;

namespace ActorReplication.TestKit;

/// <summary>Builds <see cref="EventFilter"/>s: <c>EventFilter.Exception&lt;X&gt;().ExpectOne(() => ...)</c>.</summary>
public sealed class EventFilterFactory(TestKit kit)
{
    /// <summary>Error log events carrying an exception of type <typeparamref name="T"/> (or derived).</summary>
    public EventFilter Exception<T>(string? messageContains = null) where T : Exception =>
        new(kit, typeof(LogEvent), e => e is LogEvent { Exception: T ex } && Contains(ex.Message, messageContains),
            $"an exception of type {typeof(T).Name}{Suffix(messageContains)}");

    public EventFilter Error(string? messageContains = null) => Level(LogLevel.Error, messageContains);

    public EventFilter Warning(string? messageContains = null) => Level(LogLevel.Warning, messageContains);

    public EventFilter Info(string? messageContains = null) => Level(LogLevel.Information, messageContains);

    /// <summary>Dead letters whose message is a <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public EventFilter DeadLetter<T>(Predicate<T>? match = null) =>
        new(kit, typeof(Actors.DeadLetter), e => e is Actors.DeadLetter { Message: T m } && (match is null || match(m)),
            $"a dead letter of type {typeof(T).Name}");

    private EventFilter Level(LogLevel level, string? contains) =>
        new(kit, typeof(LogEvent), e => e is LogEvent l && l.Level == level && Contains(l.Message, contains),
            $"a {level} log event{Suffix(contains)}");

    private static bool Contains(string text, string? part) => part is null || text.Contains(part, StringComparison.Ordinal);

    private static string Suffix(string? contains) => contains is null ? "" : $" containing \"{contains}\"";
}

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
