using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Serialization;
using ActorReplication.Replication.Protocol;
using Google.Protobuf;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Serialization;

/// <summary>
/// Serializer id 110 (Akka.NET keeps 0-99 for itself): every <see cref="ReplicationProtocol"/> message, as the Protobuf payloads of
/// <c>Protocol/replication.proto</c>. The manifest names the message (short: it travels in every envelope).
/// Byte payloads (stream data, snapshot chunks) are wrapped without a copy on the way out, and the array Protobuf
/// parsed into is handed over without another copy on the way in. Manifests and field numbers are wire format.
/// </summary>
public sealed class ReplicationMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 110;

    /// <summary>Message type → manifest. Append-only.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(Ping)] = "ping",
        [typeof(Pong)] = "pong",
        [typeof(ReplConf)] = "rc",
        [typeof(ReplConfOk)] = "rcok",
        [typeof(ReplConfError)] = "rcerr",
        [typeof(Psync)] = "psync",
        [typeof(FullResync)] = "full",
        [typeof(Continue)] = "cont",
        [typeof(SnapshotChunk)] = "chunk",
        [typeof(SnapshotEnd)] = "end",
        [typeof(Credit)] = "credit",
        [typeof(StreamData)] = "data",
        [typeof(Ack)] = "ack",
        [typeof(GetAck)] = "getack",
        [typeof(LinkClosed)] = "closed",
        [typeof(FailoverPromote)] = "fpromote",
        [typeof(FailoverPromoted)] = "fpromoted",
        [typeof(FailoverRefused)] = "frefused",
    };

    public override int Identifier => Id;

    public override string Manifest(object message) =>
        Manifests.TryGetValue(message.GetType(), out var manifest) ? manifest : throw Unsupported(message.GetType().FullName);

    public override byte[] ToBinary(object message)
    {
        IMessage? data = message switch
        {
            Ping or Pong or ReplConfOk or GetAck or FailoverPromoted => null,
            ReplConf m => new ReplConfData { ReplicaId = m.ReplicaId, Ip = m.Ip, Port = m.Port, Capabilities = { m.Capabilities }, Auth = m.Auth, Epoch = m.Epoch, Priority = m.Priority },
            ReplConfError m => new ReplConfErrorData { Message = m.Message },
            Psync m => new PsyncData { ReplId = m.ReplId, Offset = m.Offset, ReplicaId = m.ReplicaId },
            FullResync m => new FullResyncData { ReplId = m.ReplId, Offset = m.Offset },
            Continue m => new ContinueData { ReplId = m.ReplId },
            SnapshotChunk m => new SnapshotChunkData { Seq = m.Seq, Bytes = UnsafeByteOperations.UnsafeWrap(m.Bytes) },
            SnapshotEnd m => new SnapshotEndData { Chunks = m.Chunks, Bytes = m.Bytes },
            Credit m => new CreditData { Chunks = m.Chunks },
            StreamData m => new StreamDataData { Offset = m.Offset, Bytes = UnsafeByteOperations.UnsafeWrap(m.Bytes) },
            Ack m => new AckData { Offset = m.Offset },
            LinkClosed m => new LinkClosedData { Reason = m.Reason },
            FailoverPromote m => new FailoverPromoteData { ReplId = m.ReplId },
            FailoverRefused m => new FailoverRefusedData { Reason = m.Reason },
            _ => throw Unsupported(message.GetType().FullName),
        };
        return data is null ? [] : data.ToByteArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case "ping": return Ping.Instance;
            case "pong": return Pong.Instance;
            case "rcok": return ReplConfOk.Instance;
            case "getack": return GetAck.Instance;
            case "rc":
                var rc = ReplConfData.Parser.ParseFrom(bytes);
                return new ReplConf(rc.ReplicaId, rc.Ip, rc.Port, [.. rc.Capabilities], rc.Auth, rc.Epoch, rc.Priority);
            case "rcerr": return new ReplConfError(ReplConfErrorData.Parser.ParseFrom(bytes).Message);
            case "psync":
                var psync = PsyncData.Parser.ParseFrom(bytes);
                return new Psync(psync.ReplId, psync.Offset, psync.ReplicaId);
            case "full":
                var full = FullResyncData.Parser.ParseFrom(bytes);
                return new FullResync(full.ReplId, full.Offset);
            case "cont": return new Continue(ContinueData.Parser.ParseFrom(bytes).ReplId);
            case "chunk":
                var chunk = SnapshotChunkData.Parser.ParseFrom(bytes);
                return new SnapshotChunk(chunk.Seq, Owned(chunk.Bytes));
            case "end":
                var end = SnapshotEndData.Parser.ParseFrom(bytes);
                return new SnapshotEnd(end.Chunks, end.Bytes);
            case "credit": return new Credit(CreditData.Parser.ParseFrom(bytes).Chunks);
            case "data":
                var data = StreamDataData.Parser.ParseFrom(bytes);
                return new StreamData(data.Offset, Owned(data.Bytes));
            case "ack": return new Ack(AckData.Parser.ParseFrom(bytes).Offset);
            case "closed": return new LinkClosed(LinkClosedData.Parser.ParseFrom(bytes).Reason);
            case "fpromote": return new FailoverPromote(FailoverPromoteData.Parser.ParseFrom(bytes).ReplId);
            case "fpromoted": return FailoverPromoted.Instance;
            case "frefused": return new FailoverRefused(FailoverRefusedData.Parser.ParseFrom(bytes).Reason);
            default: throw Unsupported("manifest " + manifest);
        }
    }

    /// <summary>The parsed ByteString's own array when it is exactly the payload (it is: the parser copied into a new one), else a copy.</summary>
    private static byte[] Owned(ByteString bytes) =>
        MemoryMarshal.TryGetArray(bytes.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToByteArray();

    private static NotSupportedException Unsupported(string? what) =>
        new($"{nameof(ReplicationMessageSerializer)} does not handle {what}");
}
