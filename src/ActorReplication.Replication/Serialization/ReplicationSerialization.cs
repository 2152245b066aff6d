using ActorReplication.Remote.Serialization;

namespace ActorReplication.Replication.Serialization;

/// <summary>Binds every replication message that crosses nodes to <see cref="ReplicationMessageSerializer"/> (id 100).</summary>
public static class ReplicationSerialization
{
    /// <summary>Registers the serializer and its bindings with <paramref name="registry"/>; idempotent.</summary>
    public static void Register(SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.RegisterProtocol(ReplicationMessageSerializer.Id, () => new ReplicationMessageSerializer(), ReplicationMessageSerializer.Manifests.Keys);
    }
}
