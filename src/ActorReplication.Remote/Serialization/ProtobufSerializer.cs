using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;

namespace ActorReplication.Remote.Serialization;

/// <summary>
/// Serializer id 2: any generated Protobuf message (<see cref="IMessage"/>). The manifest is the message's type name
/// with its assembly (<c>Namespace.Type, Assembly</c>); only types implementing <see cref="IMessage"/> are ever
/// instantiated from a manifest.
/// </summary>
public sealed class ProtobufSerializer : Serializer
{
    public const int Id = 2;

    private readonly ConcurrentDictionary<Type, string> _manifests = new();
    private readonly ConcurrentDictionary<string, MessageParser> _parsers = new(StringComparer.Ordinal);

    public override int Identifier => Id;

    public override string Manifest(object message) =>
        _manifests.GetOrAdd(message.GetType(), static t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    public override void ToBinary(object message, IBufferWriter<byte> output)
    {
        var protobuf = (IMessage)message;
        var size = protobuf.CalculateSize();
        protobuf.WriteTo(output.GetSpan(size)[..size]);
        output.Advance(size);
    }

    public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest) =>
        _parsers.GetOrAdd(manifest, FindParser).ParseFrom(bytes);

    private static MessageParser FindParser(string manifest)
    {
        var type = Type.GetType(manifest, throwOnError: false)
            ?? throw new System.Runtime.Serialization.SerializationException($"Protobuf message type '{manifest}' is not loaded in this process");
        if (!typeof(IMessage).IsAssignableFrom(type))
            throw new System.Runtime.Serialization.SerializationException($"Type '{manifest}' is not a Protobuf message");
        var property = type.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static);
        return property?.GetValue(null) as MessageParser
            ?? throw new System.Runtime.Serialization.SerializationException($"Protobuf message type '{manifest}' has no static Parser");
    }
}
