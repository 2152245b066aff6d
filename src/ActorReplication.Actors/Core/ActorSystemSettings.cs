using ActorReplication.Configuration;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>The <c>actor</c> section of the config, read once at system start. Keys are documented in hocon/reference/actors.conf.</summary>
public sealed record ActorSystemSettings(
    int Throughput,
    IReadOnlyDictionary<string, DispatcherSettings> Dispatchers,
    int LogDeadLetters,
    LogLevel LogLevel,
    bool SerializeMessages,
    TimeSpan AskTimeout,
    string SchedulerImplementation,
    TimeSpan TerminateTimeout)
{
    public static ActorSystemSettings FromConfig(Config config)
    {
        var actor = config.Section("actor");
        var dispatchers = new Dictionary<string, DispatcherSettings>();
        var dispatchersConfig = actor.Section("dispatchers");
        var defaultThroughput = Positive(actor.ReadInt("default-dispatcher.throughput"), "actor.default-dispatcher.throughput");
        foreach (var id in dispatchersConfig.Keys())
        {
            var dispatcher = dispatchersConfig.Section(id);
            dispatchers[id] = new DispatcherSettings(
                Positive(dispatcher.HasPath("throughput") ? dispatcher.ReadInt("throughput") : defaultThroughput, $"actor.dispatchers.{id}.throughput"),
                dispatcher.HasPath("inline-when-idle") && dispatcher.ReadBoolean("inline-when-idle"));
        }

        return new ActorSystemSettings(
            Throughput: defaultThroughput,
            Dispatchers: dispatchers,
            LogDeadLetters: actor.ReadInt("log-dead-letters"),
            LogLevel: ParseLevel(actor.ReadString("loglevel"), "actor.loglevel"),
            SerializeMessages: actor.ReadBoolean("serialize-messages"),
            AskTimeout: actor.ReadTimeSpan("ask-timeout"),
            SchedulerImplementation: actor.ReadString("scheduler.implementation"),
            TerminateTimeout: actor.ReadTimeSpan("terminate-timeout"));
    }

    public DispatcherSettings DispatcherFor(string? dispatcher)
    {
        if (dispatcher is null) return new DispatcherSettings(Throughput, InlineWhenIdle: false);
        return Dispatchers.TryGetValue(dispatcher, out var d)
            ? d
            : throw new ConfigException($"No dispatcher configured at 'actor.dispatchers.{dispatcher}'");
    }

    private static int Positive(int value, string path) =>
        value > 0 ? value : throw new ConfigException($"Configuration key '{path}' must be positive, not {value}", path);

    private static LogLevel ParseLevel(string text, string path) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "off" or "none" => LogLevel.None,
        _ => throw new ConfigException($"Configuration key '{path}' has value \"{text}\", which is not a log level (debug, info, warning, error, off)", path),
    };
}
