using ActorReplication.Remote.Serialization;

namespace ActorReplication.Client.Protocol;

/// <summary>Binds every client gateway message to <see cref="ClientMessageSerializer"/> (id 120).</summary>
public static class ClientSerialization
{
    /// <summary>Registers the serializer and its bindings with <paramref name="registry"/>; idempotent.</summary>
    public static void Register(SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Serializer serializer;
        try
        {
            serializer = registry.GetSerializerById(ClientMessageSerializer.Id);
        }
        catch (System.Runtime.Serialization.SerializationException)
        {
            serializer = new ClientMessageSerializer();
            registry.AddSerializer(serializer);
        }
        if (serializer is not ClientMessageSerializer)
            throw new InvalidOperationException($"Serializer id {ClientMessageSerializer.Id} is taken by {serializer}");
        foreach (var type in ClientMessageSerializer.Manifests.Keys) registry.Bind(type, serializer.Identifier);
    }
}
