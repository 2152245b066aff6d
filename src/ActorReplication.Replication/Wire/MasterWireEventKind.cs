namespace ActorReplication.Replication.Wire;

/// <summary>What a replica reads from its master's connection (see <see cref="MasterWireDecoder"/>).</summary>
public enum MasterWireEventKind
{
    /// <summary>A reply line to a handshake command (+PONG, +OK, -ERR ...), without its CRLF.</summary>
    Reply,

    /// <summary>A keepalive: an empty line (before the snapshot, or between stream commands) or an inline PING.</summary>
    KeepAlive,

    /// <summary>+FULLRESYNC replid offset: a snapshot follows.</summary>
    FullResync,

    /// <summary>+CONTINUE [replid]: the stream resumes where the replica asked (replid null when the master names none).</summary>
    Continue,

    /// <summary>Snapshot bytes (at most <see cref="MasterWireDecoder.MaxPieceBytes"/>).</summary>
    SnapshotBytes,

    /// <summary>The end mark of the snapshot: the stream follows.</summary>
    SnapshotEnd,

    /// <summary>Stream bytes: whole commands, or a command longer than a piece cut into consecutive pieces.</summary>
    StreamBytes,

    /// <summary>REPLCONF GETACK *: acknowledge now.</summary>
    GetAck,
}
