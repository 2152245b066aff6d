using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Akka's logger for a node: each log event goes to the node's own logging (console or logfile) under the logging
/// class's name, with just its message, so actors' lines read like the rest of the node's log (Akka.Hosting's
/// bridge prefixes Akka's own header to every line). The factory comes from the ActorSystem's
/// <see cref="LoggerFactorySetup"/>.
/// </summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;

    public AkkaLogBridge()
    {
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory
            ?? throw new InvalidOperationException("AkkaLogBridge needs a LoggerFactorySetup in the ActorSystem's setup");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Log);
    }

    private void Log(LogEvent e)
    {
        // Akka's own string-sourced events carry a placeholder class: name them after Akka.
        var logger = _factory.CreateLogger(e.LogClass is { Name: not "DummyClassForStringSources" } type ? type.FullName ?? "Akka" : "Akka");
        var level = e.LogLevel() switch
        {
            AkkaLogLevel.DebugLevel => LogLevel.Debug,
            AkkaLogLevel.InfoLevel => LogLevel.Information,
            AkkaLogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
#pragma warning disable CA2254 // the message is already formatted by Akka
        logger.Log(level, e.Cause, e.Message?.ToString() ?? "");
#pragma warning restore CA2254
    }
}
