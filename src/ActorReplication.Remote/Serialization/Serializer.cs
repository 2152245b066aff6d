using System.Buffers;

namespace ActorReplication.Remote.Serialization;

/// <summary>
/// Turns messages of the types bound to it into bytes and back. Registered with a <see cref="SerializerRegistry"/>
/// under its <see cref="Identifier"/>, which travels in every envelope, so an identifier must never change meaning.
/// Ids 1..99 are reserved for the runtime; user serializers take 100 and up.
/// </summary>
/// <remarks>
/// A serializer is called from many threads at once (each connection's writer and reader), so it must be thread-safe.
/// Refs inside messages travel as paths: write <see cref="SerializerRegistry.ToSerializedPath"/> and read back with
/// <see cref="SerializerRegistry.ResolveActorRef"/>.
/// </remarks>
public abstract class Serializer
{
    public abstract int Identifier { get; }

    /// <summary>What <see cref="FromBinary"/> needs besides the bytes to rebuild the message (e.g. its type); may be empty.</summary>
    public abstract string Manifest(object message);

    public abstract void ToBinary(object message, IBufferWriter<byte> output);

    public abstract object FromBinary(ReadOnlySpan<byte> bytes, string manifest);

    /// <summary>Convenience for tests and tools: the message as a new array.</summary>
    public byte[] ToBinary(object message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ToBinary(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public override string ToString() => $"{GetType().Name}(id {Identifier})";
}
