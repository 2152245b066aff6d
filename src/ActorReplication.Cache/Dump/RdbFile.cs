using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Dump;

/// <summary>
/// Loads a whole RDB file (what a redis-server master sends in a full sync) into a keyspace: databases, keys with
/// their millisecond expiries (kept as they are, expired or not: a replica lets its master delete them), and the
/// replication aux fields Redis writes for a replica (repl-id, repl-offset, repl-stream-db). Values are read as DUMP
/// payloads are (<see cref="DumpPayload"/>): every type Redis 7.0 writes except streams and module values, which fail
/// the load with a <see cref="SnapshotFormatException"/>, as any malformed entry or a bad checksum does.
/// </summary>
public static class RdbFile
{
    private const byte OpFunction2 = 0xF5;
    private const byte OpModuleAux = 0xF7;
    private const byte OpIdle = 0xF8;
    private const byte OpFreq = 0xF9;
    private const byte OpAux = 0xFA;
    private const byte OpResizeDb = 0xFB;
    private const byte OpExpireTimeMs = 0xFC;
    private const byte OpExpireTime = 0xFD;
    private const byte OpSelectDb = 0xFE;
    private const byte OpEof = 0xFF;

    /// <summary>True when <paramref name="start"/> (at least its first byte) can begin an RDB file ("REDIS").</summary>
    public static bool LooksLikeRdb(ReadOnlySpan<byte> start) => start.Length > 0 && start[0] == (byte)'R';

    /// <summary>Loads <paramref name="rdb"/> into <paramref name="target"/>; returns the header its aux fields give (replid "" when absent).</summary>
    public static SnapshotHeader Load(ReadOnlySpan<byte> rdb, KeyspaceEngine target, out long keys)
    {
        keys = 0;
        if (rdb.Length < 9 || !rdb[..5].SequenceEqual("REDIS"u8)
            || !int.TryParse(rdb[5..9], NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1 || version > DumpPayload.RdbVersion)
        {
            throw new SnapshotFormatException($"not an RDB file of version 1 to {DumpPayload.RdbVersion}");
        }

        var r = new RdbReader(rdb[9..]);
        string replId = "";
        long offset = -1;
        int streamDb = 0;
        int db = 0;
        long expireAt = -1;
        while (true)
        {
            byte op = Byte(ref r);
            switch (op)
            {
                case OpEof:
                    int end = 9 + r.Position;
                    if (version >= 5 && rdb.Length >= end + 8)
                    {
                        ulong crc = BinaryPrimitives.ReadUInt64LittleEndian(rdb[end..]);
                        if (crc != 0 && crc != Crc64.Compute(rdb[..end]))
                        {
                            throw new SnapshotFormatException("RDB checksum mismatch");
                        }
                    }

                    return new SnapshotHeader(replId, offset, target.DatabaseCount, streamDb);
                case OpAux:
                    string name = Encoding.ASCII.GetString(String(ref r));
                    string value = Encoding.ASCII.GetString(String(ref r));
                    switch (name)
                    {
                        case "repl-id": replId = value; break;
                        case "repl-offset": offset = long.Parse(value, CultureInfo.InvariantCulture); break;
                        case "repl-stream-db": streamDb = int.Parse(value, CultureInfo.InvariantCulture); break;
                    }

                    break;
                case OpSelectDb:
                    ulong index = Length(ref r);
                    if (index >= (ulong)target.DatabaseCount)
                    {
                        throw new SnapshotFormatException($"RDB selects database {index}, this node has {target.DatabaseCount}");
                    }

                    db = (int)index;
                    break;
                case OpResizeDb:
                    Length(ref r);
                    Length(ref r);
                    break;
                case OpExpireTimeMs:
                    expireAt = BinaryPrimitives.ReadInt64LittleEndian(Take(ref r, 8));
                    break;
                case OpExpireTime:
                    expireAt = BinaryPrimitives.ReadInt32LittleEndian(Take(ref r, 4)) * 1000L;
                    break;
                case OpIdle:
                    Length(ref r);
                    break;
                case OpFreq:
                    Byte(ref r);
                    break;
                case OpFunction2:
                    String(ref r); // a function library: this node runs no scripts
                    break;
                case OpModuleAux:
                    throw new SnapshotFormatException("RDB holds module data, which this node cannot load");
                default:
                    byte[] key = String(ref r);
                    object value2 = DumpPayload.TryReadValue(ref r, op)
                        ?? throw new SnapshotFormatException($"RDB entry '{Encoding.UTF8.GetString(key)}' of type {op} cannot be loaded (streams and module types are not supported)");
                    if (!target.TryRestoreKey(db, key, value2, expireAt))
                    {
                        throw new SnapshotFormatException($"RDB holds key '{Encoding.UTF8.GetString(key)}' twice in database {db}");
                    }

                    keys++;
                    expireAt = -1;
                    break;
            }
        }
    }

    private static byte Byte(ref RdbReader r) => r.TryReadByte(out byte b) ? b : throw Truncated();

    private static ulong Length(ref RdbReader r) => r.TryReadLength(out ulong n) ? n : throw Truncated();

    private static byte[] String(ref RdbReader r) => r.TryReadString(out byte[] s) ? s : throw Truncated();

    private static ReadOnlySpan<byte> Take(ref RdbReader r, int n) => r.TryTake(n, out ReadOnlySpan<byte> b) ? b : throw Truncated();

    private static SnapshotFormatException Truncated() => new("RDB truncated or malformed");
}
