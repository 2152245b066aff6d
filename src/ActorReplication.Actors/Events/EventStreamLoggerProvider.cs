using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>Publishes log entries at or above a level on an event stream as <see cref="LogEvent"/>s.</summary>
internal sealed class EventStreamLoggerProvider(EventStream stream, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(stream, categoryName, minimum);

    public void Dispose() { }

    private sealed class Logger(EventStream stream, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            stream.Publish(new LogEvent(logLevel, category, formatter(state, exception), exception));
        }
    }
}
