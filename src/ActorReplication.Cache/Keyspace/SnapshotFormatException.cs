namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// A snapshot that cannot be loaded: the message names what is wrong and where (byte offset, record number);
/// <see cref="Offset"/> is the byte where the defect was found (-1: not known), for tools and start-up messages.
/// </summary>
public sealed class SnapshotFormatException(string message, Exception? inner = null) : Exception(message, inner)
{
    public SnapshotFormatException(string message, long offset)
        : this(message)
    {
        Offset = offset;
    }

    public long Offset { get; } = -1;
}
