using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Client.Protocol;

/// <summary>Binds the client gateway's messages to <see cref="ClientMessageSerializer"/> (id 120), on nodes and clients alike.</summary>
public static class ClientSerialization
{
    /// <summary>The Akka HOCON that registers the serializer and its bindings.</summary>
    public static Config Config { get; } =
        SerializerBindings.For("client-gateway", typeof(ClientMessageSerializer), ClientMessageSerializer.Manifests.Keys);
}
