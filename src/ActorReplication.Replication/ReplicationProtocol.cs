namespace ActorReplication.Replication;

/// <summary>
/// The messages a replica and its master exchange: what Redis says over the replication socket (PING, REPLCONF, PSYNC,
/// +FULLRESYNC, the RDB, the command stream, REPLCONF ACK / GETACK), as immutable records of strings, numbers and byte
/// arrays so Remote can carry them (field numbers of their .proto schema are append-only).
/// <para>
/// Offsets are Redis's: byte positions in the master's replication stream, the first byte being offset 1.
/// <c>master_repl_offset</c> is the offset of the last byte produced; a replica's offset is the last byte it applied.
/// </para>
/// Flow: replica → master <see cref="Ping"/> / <see cref="Pong"/>, <see cref="ReplConf"/> / <see cref="ReplConfOk"/>,
/// <see cref="Psync"/>; the master's per-replica session answers <see cref="FullResync"/> (then
/// <see cref="SnapshotChunk"/>s under the replica's <see cref="Credit"/>, <see cref="SnapshotEnd"/>) or
/// <see cref="Continue"/>, then <see cref="StreamData"/> for good; the replica acknowledges with <see cref="Ack"/>.
/// </summary>
public static class ReplicationProtocol
{
    /// <summary>Replica → master: is anyone there? Master → replica: keepalive on an idle link (outside the stream: offsets do not move).</summary>
    public sealed record Ping
    {
        public static readonly Ping Instance = new();
    }

    /// <summary>Master → replica: answer to the connecting replica's <see cref="Ping"/>.</summary>
    public sealed record Pong
    {
        public static readonly Pong Instance = new();
    }

    /// <summary>
    /// Replica → master (REPLCONF listening-port / ip-address / capa): who the replica is, where its clients reach it
    /// (reported in INFO as slaveN:ip,port), and what it understands. <paramref name="ReplicaId"/> is stable across
    /// reconnections of one replica. <paramref name="Epoch"/> is the topology epoch the replica knows (0 outside
    /// follow-the-cluster mode): a master whose own epoch is lower has been deposed and refuses the link.
    /// <paramref name="Priority"/> is its replica-priority (FAILOVER without a target prefers the lowest above 0).
    /// </summary>
    public sealed record ReplConf(string ReplicaId, string Ip, int Port, string[] Capabilities, string Auth, long Epoch = 0, int Priority = 100);

    public sealed record ReplConfOk
    {
        public static readonly ReplConfOk Instance = new();
    }

    /// <summary>Master → replica: the handshake was refused (e.g. wrong masterauth); the replica retries after its backoff.</summary>
    public sealed record ReplConfError(string Message);

    /// <summary>
    /// Replica → master: PSYNC replid offset. <paramref name="Offset"/> is the first byte the replica wants (its own
    /// offset + 1). <c>"?"</c> / -1 asks for a full resynchronization.
    /// </summary>
    public sealed record Psync(string ReplId, long Offset, string ReplicaId)
    {
        public const string Unknown = "?";

        public static Psync Full(string replicaId) => new(Unknown, -1, replicaId);
    }

    /// <summary>
    /// Session → replica: +FULLRESYNC replid offset. A snapshot consistent with the master's stream at
    /// <paramref name="Offset"/> follows; afterwards the replica's offset is <paramref name="Offset"/>.
    /// </summary>
    public sealed record FullResync(string ReplId, long Offset);

    /// <summary>
    /// Session → replica: +CONTINUE replid. The stream resumes from the requested offset; <paramref name="ReplId"/> is
    /// the master's current replid, which differs from the one asked for after a promotion (the replica then keeps its
    /// old one as replid2).
    /// </summary>
    public sealed record Continue(string ReplId);

    /// <summary>Session → replica: the next piece of the snapshot, numbered from 0. Sent only against credit.</summary>
    public sealed record SnapshotChunk(long Seq, byte[] Bytes);

    /// <summary>Session → replica: the snapshot is complete (<paramref name="Chunks"/> chunks, <paramref name="Bytes"/> bytes).</summary>
    public sealed record SnapshotEnd(long Chunks, long Bytes);

    /// <summary>Replica → session: the replica accepts <paramref name="Chunks"/> more snapshot chunks.</summary>
    public sealed record Credit(int Chunks);

    /// <summary>
    /// Master → replica: replication stream bytes (whole RESP commands). <paramref name="Offset"/> is the stream offset
    /// before them: the replica's offset must equal it, and becomes <paramref name="Offset"/> + length.
    /// </summary>
    public sealed record StreamData(long Offset, byte[] Bytes);

    /// <summary>Replica → session: REPLCONF ACK offset — the replica has applied the stream up to <paramref name="Offset"/>.</summary>
    public sealed record Ack(long Offset);

    /// <summary>Session → replica: REPLCONF GETACK * — acknowledge now (WAIT).</summary>
    public sealed record GetAck
    {
        public static readonly GetAck Instance = new();
    }

    /// <summary>Either side → the other: the link is closed, with why (the sender stops talking; the replica reconnects).</summary>
    public sealed record LinkClosed(string Reason);

    /// <summary>
    /// FAILOVER's old master → the target replica's replication manager (Redis's PSYNC FAILOVER): promote yourself, as
    /// REPLICAOF NO ONE does, if you follow history <paramref name="ReplId"/>. Answer <see cref="FailoverPromoted"/> or
    /// <see cref="FailoverRefused"/>.
    /// </summary>
    public sealed record FailoverPromote(string ReplId);

    public sealed record FailoverPromoted
    {
        public static readonly FailoverPromoted Instance = new();
    }

    public sealed record FailoverRefused(string Reason);
}
