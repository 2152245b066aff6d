using Akka.Actor;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Replication.Snapshot;

/// <summary>Messages of the <see cref="SnapshotActor"/> (local to a node).</summary>
public static class SnapshotProtocol
{
    /// <summary>
    /// Master → snapshot actor: take snapshot <paramref name="Id"/> for these subscribers (replica sessions) and files
    /// (paths the snapshot is also written to). The keyspace takes the point when it gets the walk.
    /// </summary>
    public sealed record Start(long Id, IReadOnlyList<IActorRef> Subscribers, IReadOnlyList<string> Files) : INoSerializationVerificationNeeded;

    /// <summary>Master → snapshot actor and subscribers: the snapshot is consistent with the stream at <c>Header.Offset</c>.</summary>
    public sealed record Point(long Id, SnapshotHeader Header) : INoSerializationVerificationNeeded;

    /// <summary>Subscriber → snapshot actor: send <paramref name="Chunks"/> more chunks.</summary>
    public sealed record Demand(long Id, int Chunks) : INoSerializationVerificationNeeded;

    /// <summary>Snapshot actor → subscribers: the walk has produced every chunk (a session moves to SendBulk).</summary>
    public sealed record WalkComplete(long Id) : INoSerializationVerificationNeeded;

    /// <summary>Snapshot actor → subscriber: every chunk has been sent to you.</summary>
    public sealed record Complete(long Id, long Chunks, long Bytes) : INoSerializationVerificationNeeded;

    /// <summary>Snapshot actor → subscribers: the snapshot was abandoned.</summary>
    public sealed record Failed(long Id, string Reason) : INoSerializationVerificationNeeded;

    /// <summary>Snapshot actor → master: the snapshot is over (sent to every subscriber, or failed).</summary>
    public sealed record Finished(long Id, bool Succeeded, string? Error, long Keys, long Bytes, long KeysWrittenAhead, int MaxPendingBytes) : INoSerializationVerificationNeeded;

    /// <summary>File writer → whoever asked for the save: the snapshot is in <paramref name="Path"/>.</summary>
    public sealed record Saved(string Path, long Bytes) : INoSerializationVerificationNeeded;

    public sealed record SaveFailed(string Path, string Reason) : INoSerializationVerificationNeeded;
}
