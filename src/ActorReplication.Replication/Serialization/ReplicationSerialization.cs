using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Replication.Serialization;

/// <summary>Binds every replication message to <see cref="ReplicationMessageSerializer"/> (id 110).</summary>
public static class ReplicationSerialization
{
    /// <summary>The Akka HOCON that registers the serializer and its bindings; a node's config falls back to it.</summary>
    public static Config Config { get; } =
        SerializerBindings.For("replication", typeof(ReplicationMessageSerializer), ReplicationMessageSerializer.Manifests.Keys);
}
