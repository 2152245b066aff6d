using ActorReplication.Configuration;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>What a host hands to a new actor system besides its name: config, log sinks, and optionally a scheduler.</summary>
public sealed record ActorSystemSetup(Config? Config = null, IReadOnlyList<ILoggerProvider>? LoggerProviders = null, IScheduler? Scheduler = null);
