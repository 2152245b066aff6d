using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace ActorReplication.Remote.Transport;

/// <summary>
/// Frames: a 4-byte big-endian length of what follows, a 1-byte <see cref="FrameType"/>, then the payload
/// (a Protobuf message). The length counts the type byte, so it is at least 1.
/// </summary>
public static class FrameCodec
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false when more bytes are needed.
    /// Throws <see cref="ProtocolException"/> as soon as the header shows a frame that is empty or longer than
    /// <paramref name="maxPayload"/>, without waiting for its bytes.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPayload, out FrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < HeaderSize) return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length == 0) throw new ProtocolException("frame of length 0 (no type byte)");
        if (length - 1 > (uint)maxPayload)
            throw new ProtocolException($"frame of {length - 1} bytes exceeds the maximum of {maxPayload} (type byte {header[4]})");
        if (buffer.Length < 4 + length) return false;
        type = (FrameType)header[4];
        payload = buffer.Slice(HeaderSize, length - 1);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>Writes a frame whose payload is <paramref name="message"/>; returns the bytes written.</summary>
    public static int Write(IBufferWriter<byte> output, FrameType type, IMessage message)
    {
        var size = message.CalculateSize();
        var span = output.GetSpan(HeaderSize + size);
        WriteHeader(span, type, size);
        message.WriteTo(span.Slice(HeaderSize, size));
        output.Advance(HeaderSize + size);
        return HeaderSize + size;
    }

    public static void WriteHeader(Span<byte> destination, FrameType type, int payloadSize)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payloadSize + 1);
        destination[4] = (byte)type;
    }

    /// <summary>A frame as a new array (tests and tools).</summary>
    public static byte[] ToArray(FrameType type, IMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, type, message);
        return buffer.WrittenSpan.ToArray();
    }
}
