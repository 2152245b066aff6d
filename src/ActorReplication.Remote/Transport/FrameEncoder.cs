using System.Buffers;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Serialization;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Remote.Transport;

/// <summary>
/// Turns queued items into frames, for one writer loop (not thread-safe): the message is serialized into a reused
/// scratch buffer and the reused envelope is written straight into the pipe, so a message costs no allocation here
/// beyond what its serializer allocates. A message without a serializer, whose serializer throws, or whose frame
/// would exceed <c>remote.maximum-frame-size</c> is dropped with a logged error; the link carries on.
/// </summary>
internal sealed class FrameEncoder(RemoteTransport transport)
{
    private const int ScratchKeep = 1024 * 1024;

    private readonly SerializerRegistry _registry = transport.Serialization;
    private readonly int _maxFrame = transport.Settings.MaximumFrameSize;
    private readonly RemoteEnvelope _envelope = new();
    private readonly SelectionEnvelope _selection = new();
    private ArrayBufferWriter<byte> _scratch = new(1024);

    /// <summary>Writes the item's frame; returns the bytes written, 0 when it was dropped.</summary>
    public int Encode(IBufferWriter<byte> output, in OutboundItem item) => item.Kind switch
    {
        OutboundKind.Message => EncodeMessage(output, in item),
        OutboundKind.Selection => EncodeSelection(output, in item),
        OutboundKind.System => FrameCodec.Write(output, FrameType.System, item.Control!),
        OutboundKind.Heartbeat => FrameCodec.Write(output, FrameType.Heartbeat, item.Control!),
        OutboundKind.Disassociate => FrameCodec.Write(output, FrameType.Disassociate, item.Control!),
        _ => 0,
    };

    private int EncodeMessage(IBufferWriter<byte> output, in OutboundItem item)
    {
        var recipient = item.Recipient!;
        if (!Serialize(item.Message!, recipient.SerializedPath, out var serializer, out var manifest)) return 0;
        var envelope = _envelope;
        envelope.Recipient = recipient.SerializedPath;
        envelope.Sender = transport.ToSerializedPath(item.Sender);
        envelope.SerializerId = serializer.Identifier;
        envelope.Manifest = manifest;
        envelope.Message = UnsafeByteOperations.UnsafeWrap(_scratch.WrittenMemory);
        try
        {
            return WriteChecked(output, FrameType.Envelope, envelope, item.Message!, recipient.SerializedPath);
        }
        finally
        {
            envelope.Message = ByteString.Empty;
            ReleaseScratch();
        }
    }

    private int EncodeSelection(IBufferWriter<byte> output, in OutboundItem item)
    {
        var target = "/" + string.Join('/', item.Elements!);
        if (!Serialize(item.Message!, target, out var serializer, out var manifest)) return 0;
        var selection = _selection;
        selection.Elements.Clear();
        selection.Elements.AddRange(item.Elements!);
        selection.Sender = transport.ToSerializedPath(item.Sender);
        selection.SerializerId = serializer.Identifier;
        selection.Manifest = manifest;
        selection.Message = UnsafeByteOperations.UnsafeWrap(_scratch.WrittenMemory);
        try
        {
            return WriteChecked(output, FrameType.Selection, selection, item.Message!, target);
        }
        finally
        {
            selection.Message = ByteString.Empty;
            ReleaseScratch();
        }
    }

    private bool Serialize(object message, string recipient, out Serializer serializer, out string manifest)
    {
        manifest = "";
        if (!_registry.TryFindSerializerFor(message.GetType(), out serializer))
        {
            transport.Log.LogError("Dropped a message of type {Type} for {Recipient}: no serializer is bound to its type",
                message.GetType().FullName, recipient);
            return false;
        }
        _scratch.ResetWrittenCount();
        try
        {
            manifest = serializer.Manifest(message);
            serializer.ToBinary(message, _scratch);
            return true;
        }
        catch (Exception ex)
        {
            transport.Log.LogError(ex, "Dropped a message of type {Type} for {Recipient}: {Serializer} failed",
                message.GetType().FullName, recipient, serializer);
            return false;
        }
    }

    private int WriteChecked(IBufferWriter<byte> output, FrameType type, IMessage envelope, object message, string recipient)
    {
        var size = envelope.CalculateSize();
        if (size > _maxFrame)
        {
            transport.Log.LogError(
                "Dropped a message of type {Type} for {Recipient}: its frame of {Size} bytes exceeds remote.maximum-frame-size ({Max} bytes)",
                message.GetType().FullName, recipient, size, _maxFrame);
            return 0;
        }
        var span = output.GetSpan(FrameCodec.HeaderSize + size);
        FrameCodec.WriteHeader(span, type, size);
        envelope.WriteTo(span.Slice(FrameCodec.HeaderSize, size));
        output.Advance(FrameCodec.HeaderSize + size);
        return FrameCodec.HeaderSize + size;
    }

    private void ReleaseScratch()
    {
        if (_scratch.Capacity > ScratchKeep) _scratch = new ArrayBufferWriter<byte>(1024);
    }
}
