using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>
/// Every log entry written through the system's logger factory is also published as one of these, so tests
/// (and tools) can observe errors and warnings by subscribing on the event stream.
/// </summary>
public sealed record LogEvent(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() =>
        Exception is null ? $"[{Level}] {Category}: {Message}" : $"[{Level}] {Category}: {Message} ({Exception.GetType().Name}: {Exception.Message})";
}
