using Akka.Actor;
using ActorReplication.Replication.Master;

namespace ActorReplication.Replication.Backlog;

/// <summary>Messages of the <see cref="BacklogActor"/> (local to a node: its master actor and sessions talk to it).</summary>
public static class BacklogProtocol
{
    /// <summary>Starts a backlog of <paramref name="Size"/> bytes whose first byte will be at <paramref name="MasterReplOffset"/> + 1 (replacing any).</summary>
    public sealed record Create(long Size, long MasterReplOffset, ReplicationIds Ids) : INoSerializationVerificationNeeded;

    /// <summary>Drops the backlog and its memory (repl-backlog-ttl, or before a new history).</summary>
    public sealed record Free : INoSerializationVerificationNeeded
    {
        public static readonly Free Instance = new();
    }

    public sealed record Resize(long Size) : INoSerializationVerificationNeeded;

    /// <summary>Stream bytes, in order. Ignored when there is no backlog.</summary>
    public sealed record Append(byte[] Bytes) : INoSerializationVerificationNeeded;

    /// <summary>The ids the backlog's history answers to changed (promotion, new master history).</summary>
    public sealed record SetIds(ReplicationIds Ids) : INoSerializationVerificationNeeded;

    /// <summary>"Can you serve PSYNC replid offset?": replies the <see cref="PsyncDecision"/>.</summary>
    public sealed record CanServe(string ReplId, long Offset) : INoSerializationVerificationNeeded;

    /// <summary>Reads from <paramref name="Offset"/> to the end; <paramref name="ReplyTo"/> gets <see cref="Range"/> or <see cref="RangeUnavailable"/>.</summary>
    public sealed record ReadFrom(long Offset, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    /// <summary>Stream bytes from <paramref name="Offset"/> (the first byte's offset) to the backlog's end at the time of the read.</summary>
    public sealed record Range(long Offset, byte[] Bytes) : INoSerializationVerificationNeeded;

    public sealed record RangeUnavailable(long Offset, long FirstByteOffset, long HistLen) : INoSerializationVerificationNeeded;

    public sealed record GetInfo : INoSerializationVerificationNeeded
    {
        public static readonly GetInfo Instance = new();
    }

    /// <summary>INFO's repl_backlog_* figures.</summary>
    public sealed record BacklogInfo(bool Active, long Size, long FirstByteOffset, long HistLen, long MasterReplOffset) : INoSerializationVerificationNeeded;
}
