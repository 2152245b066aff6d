using Akka.Configuration;

namespace ActorReplication.Cache.Dispatch;

/// <summary>
/// The keyspace actor's dispatcher on Akka.NET: <see cref="InlineWhenIdleExecutor"/>, so non-actor callers (RESP
/// connections) run an idle keyspace's turn on their own thread. <see cref="Config"/> is the fragment a node's ActorSystem
/// config falls back to; props take it with <c>.WithDispatcher(KeyspaceDispatcher.Id)</c>.
/// </summary>
public static class KeyspaceDispatcher
{
    public const string Id = "actor-replication.keyspace-dispatcher";

    /// <summary>Messages per turn before the mailbox yields (then the turn continues on the thread pool).</summary>
    public const int Throughput = 100;

    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        actor-replication.keyspace-dispatcher {
          type = Dispatcher
          executor = "{{typeof(InlineWhenIdleExecutorConfigurator).AssemblyQualifiedName}}"
          throughput = {{Throughput}}
        }
        """);
}
