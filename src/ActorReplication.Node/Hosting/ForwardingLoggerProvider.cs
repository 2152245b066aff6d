using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Hosting;

/// <summary>Hands the actor system's log entries to the host's logging, so both go to one place.</summary>
public sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose() { }
}
