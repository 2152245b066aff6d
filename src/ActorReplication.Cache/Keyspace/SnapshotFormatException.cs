namespace ActorReplication.Cache.Keyspace;

/// <summary>A snapshot that cannot be loaded: the message names what is wrong and where (byte offset, record number).</summary>
public sealed class SnapshotFormatException(string message, Exception? inner = null) : Exception(message, inner);
