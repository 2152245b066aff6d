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
