using ActorReplication.Remote.Serialization;

namespace ActorReplication.Client.Protocol;

/// <summary>Binds every client gateway message to <see cref="ClientMessageSerializer"/> (id 120).</summary>
public static class ClientSerialization
{
    /// <summary>Registers the serializer and its bindings with <paramref name="registry"/>; idempotent.</summary>
    public static void Register(SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.RegisterProtocol(ClientMessageSerializer.Id, () => new ClientMessageSerializer(), ClientMessageSerializer.Manifests.Keys);
    }
}
