using ActorReplication.Cache.Dispatch;
using ActorReplication.Replication.Serialization;
using ActorReplication.Replication.Topology;
using Akka.Configuration;

namespace ActorReplication.Replication.Tests.Harness;

/// <summary>
/// The specs' ActorSystem config: every message serialized on Tell as it would be between nodes (protocol messages
/// by their Protobuf serializers, the rest by Hyperion; local-only messages say so), the keyspace's dispatcher, and
/// optionally Akka's virtual-time scheduler.
/// </summary>
public static class SpecConfig
{
    public static Config RealTime { get; } = ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          actor {
            serialize-messages = on
            serializers.hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion"
            serialization-bindings { "System.Object" = hyperion }
          }
        }
        """)
        .WithFallback(KeyspaceDispatcher.Config)
        .WithFallback(ReplicationSerialization.Config)
        .WithFallback(TopologyMessageSerializer.Config);

    public static Config VirtualTime { get; } = ConfigurationFactory.ParseString(
        "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"").WithFallback(RealTime);
}
