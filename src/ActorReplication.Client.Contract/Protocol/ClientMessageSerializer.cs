using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace ActorReplication.Client.Protocol;

/// <summary>
/// Serializer id 120 (the client gateway's range is 120-129): the messages of <c>Protocol/client.proto</c>, each under
/// a short manifest (it travels in every envelope). Manifests and field numbers are wire format: append-only.
/// </summary>
public sealed class ClientMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 120;

    /// <summary>Message type → manifest. Append-only.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(CommandRequest)] = "cmd",
        [typeof(CommandReply)] = "cmdr",
        [typeof(TopologyRequest)] = "topo",
        [typeof(TopologyReply)] = "topor",
        [typeof(WaitOffsetRequest)] = "wait",
        [typeof(WaitOffsetReply)] = "waitr",
        [typeof(GatewayError)] = "err",
        [typeof(CommandBatchRequest)] = "batch",
        [typeof(CommandBatchReply)] = "batchr",
    };

    private static readonly Dictionary<string, MessageParser> Parsers = new()
    {
        ["cmd"] = CommandRequest.Parser,
        ["cmdr"] = CommandReply.Parser,
        ["topo"] = TopologyRequest.Parser,
        ["topor"] = TopologyReply.Parser,
        ["wait"] = WaitOffsetRequest.Parser,
        ["waitr"] = WaitOffsetReply.Parser,
        ["err"] = GatewayError.Parser,
        ["batch"] = CommandBatchRequest.Parser,
        ["batchr"] = CommandBatchReply.Parser,
    };

    public override int Identifier => Id;

    public override string Manifest(object message) =>
        Manifests.TryGetValue(message.GetType(), out var manifest) ? manifest : throw Unsupported(message.GetType().FullName);

    public override byte[] ToBinary(object message) =>
        message is IMessage data && Manifests.ContainsKey(message.GetType()) ? data.ToByteArray() : throw Unsupported(message.GetType().FullName);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Parsers.TryGetValue(manifest, out var parser) ? parser.ParseFrom(bytes) : throw Unsupported("manifest " + manifest);

    private static NotSupportedException Unsupported(string? what) => new($"{nameof(ClientMessageSerializer)} does not handle {what}");
}
