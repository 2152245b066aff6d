using System.Buffers;

namespace ActorReplication.Replication.Wire;

/// <summary>
/// One thing read from a master's connection. <see cref="Bytes"/> is a slice of the read buffer, valid until the reader
/// advances past it; <see cref="Text"/> is a reply line or a replid; <see cref="Offset"/> the offset of +FULLRESYNC.
/// </summary>
public readonly record struct MasterWireEvent(MasterWireEventKind Kind, string? Text = null, long Offset = 0, ReadOnlySequence<byte> Bytes = default);
