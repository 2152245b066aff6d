using ActorReplication.Configuration;
using Akka.Actor;
using Akka.Configuration;

namespace ActorReplication.Client.Protocol;

/// <summary>Binds the client gateway's messages to <see cref="ClientMessageSerializer"/> (id 120), on nodes and clients alike.</summary>
public static class ClientSerialization
{
    private static readonly Lock BindGate = new();

    /// <summary>The Akka HOCON that registers the serializer and its bindings.</summary>
    public static Config Config { get; } =
        SerializerBindings.For("client-gateway", typeof(ClientMessageSerializer), ClientMessageSerializer.Manifests.Keys);

    /// <summary>
    /// Binds the messages on a running <paramref name="system"/> whose HOCON does not (a user's ActorSystem): without
    /// it Akka would pick its Protobuf or default serializer, which a node's gateway does not read.
    /// </summary>
    public static void Bind(ActorSystem system)
    {
        var serialization = system.Serialization;
        lock (BindGate)
        {
            if (ClientMessageSerializer.Manifests.Keys.All(t => serialization.FindSerializerForType(t) is ClientMessageSerializer)) return;
            var serializer = new ClientMessageSerializer((ExtendedActorSystem)system);
            serialization.AddSerializer("client-gateway", serializer);
            foreach (var type in ClientMessageSerializer.Manifests.Keys) serialization.AddSerializationMap(type, serializer);
        }
    }
}
