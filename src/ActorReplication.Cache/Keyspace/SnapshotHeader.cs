namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// What a snapshot says about itself: the replication history it belongs to (<paramref name="ReplId"/>) and the
/// offset of the stream it is consistent with (<paramref name="Offset"/>: the dataset after applying exactly the bytes
/// up to and including that offset), how many databases the source had, and the database the replication stream had
/// selected at that point (<paramref name="StreamDb"/>, Redis's <c>repl-stream-db</c>).
/// </summary>
public sealed record SnapshotHeader(string ReplId, long Offset, int Databases, int StreamDb);
