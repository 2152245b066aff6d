using Akka.Actor;
using Akka.Configuration;

namespace ActorReplication.Client.Protocol;

/// <summary>Binds the client gateway's messages to <see cref="ClientMessageSerializer"/> (id 120), on nodes and clients alike.</summary>
public static class ClientSerialization
{
    private static readonly Lock BindGate = new();

    /// <summary>The Akka HOCON that registers the serializer and its bindings.</summary>
    public static Config Config { get; } = BindingsConfig();

    /// <summary>
    /// Written here rather than with the node's SerializerBindings so the contract depends on Akka alone (it ships as
    /// its own package).
    /// </summary>
    private static Config BindingsConfig()
    {
        static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
        var hocon = new System.Text.StringBuilder();
        hocon.Append("akka.actor.serializers.client-gateway = \"").Append(TypeName(typeof(ClientMessageSerializer))).AppendLine("\"");
        foreach (var message in ClientMessageSerializer.Manifests.Keys)
            hocon.Append("akka.actor.serialization-bindings.\"").Append(TypeName(message)).AppendLine("\" = client-gateway");
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

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
