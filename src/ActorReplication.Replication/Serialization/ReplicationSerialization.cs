using ActorReplication.Remote.Serialization;

namespace ActorReplication.Replication.Serialization;

/// <summary>Binds every replication message that crosses nodes to <see cref="ReplicationMessageSerializer"/> (id 100).</summary>
public static class ReplicationSerialization
{
    /// <summary>Registers the serializer and its bindings with <paramref name="registry"/>; idempotent.</summary>
    public static void Register(SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Serializer serializer;
        try
        {
            serializer = registry.GetSerializerById(ReplicationMessageSerializer.Id);
        }
        catch (System.Runtime.Serialization.SerializationException)
        {
            serializer = new ReplicationMessageSerializer();
            registry.AddSerializer(serializer);
        }
        if (serializer is not ReplicationMessageSerializer)
            throw new InvalidOperationException($"Serializer id {ReplicationMessageSerializer.Id} is taken by {serializer}");
        foreach (var type in ReplicationMessageSerializer.Manifests.Keys) registry.Bind(type, serializer.Identifier);
    }
}
