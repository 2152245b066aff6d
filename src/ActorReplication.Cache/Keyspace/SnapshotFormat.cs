using System.Runtime.CompilerServices;
using System.Text;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// The snapshot format (version 1), little-endian, varints are unsigned LEB128:
/// <code>
/// header  := "ARSNAP" u16:version u32:bodyLength body
///   body  := varint:replidLength replid(ASCII) i64:offset i32:databases i32:streamDb   (later versions may append)
/// record  := u32:length u8:type payload                                             (length counts type + payload)
///   entry := varint:db i64:expireAtMs(-1 none) blob:key value
///   value := String: blob | List, Set: varint:count blob* | Hash: varint:count (blob:field blob:value)*
///   end   := i64:keyCount u64:crc64                  (type 0xFF; CRC-64/Jones of every byte before the crc field)
/// blob    := varint:length bytes
/// </code>
/// Records are length-prefixed so a reader fed in chunks knows when one is complete, and entries may come in any
/// order (a snapshot walk emits keys written during the walk before it reaches them).
/// </summary>
public static class SnapshotFormat
{
    public const ushort Version = 1;

    /// <summary>Largest record a reader accepts (the length field must fit a .NET array).</summary>
    public const int MaxRecordLength = 1 << 30;

    public static ReadOnlySpan<byte> Magic => "ARSNAP"u8;

    /// <summary>Bytes of the fixed header prefix: magic, version, body length.</summary>
    public const int HeaderPrefixLength = 6 + 2 + 4;

    public static byte[] EncodeHeader(SnapshotHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        byte[] replid = Encoding.ASCII.GetBytes(header.ReplId);
        var body = new SnapshotBuffer(64);
        body.WriteBlob(replid);
        body.WriteInt64(header.Offset);
        body.WriteInt32(header.Databases);
        body.WriteInt32(header.StreamDb);
        var buf = new SnapshotBuffer(HeaderPrefixLength + body.Length);
        buf.WriteBytes(Magic);
        buf.WriteUInt16(Version);
        buf.WriteUInt32((uint)body.Length);
        buf.WriteBytes(body.WrittenSpan);
        return buf.Take(0);
    }

    /// <summary>The end record; <paramref name="crcSoFar"/> covers every byte emitted before it and is advanced past it.</summary>
    public static byte[] EncodeEnd(long keyCount, ref Crc64 crcSoFar)
    {
        var buf = new SnapshotBuffer(32);
        buf.WriteUInt32(1 + 8 + 8);
        buf.WriteByte((byte)SnapshotRecordType.End);
        buf.WriteInt64(keyCount);
        crcSoFar.Append(buf.WrittenSpan);
        buf.WriteUInt64(crcSoFar.Value);
        byte[] bytes = buf.Take(0);
        crcSoFar.Append(bytes.AsSpan(bytes.Length - 8));
        return bytes;
    }

    /// <summary>Appends one entry record for a key (its value and absolute expiry, -1 for none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WriteEntry(SnapshotBuffer buf, int db, byte[] key, object value, long expireAtMs)
    {
        SnapshotRecordType type;
        long payload;
        switch (value)
        {
            case byte[] s:
                type = SnapshotRecordType.String;
                payload = SnapshotBuffer.BlobLength(s.Length);
                break;
            case ListValue l:
                type = SnapshotRecordType.List;
                payload = SnapshotBuffer.VarintLength((ulong)l.Count);
                for (int i = 0; i < l.Count; i++)
                {
                    payload += SnapshotBuffer.BlobLength(l[i].Length);
                }

                break;
            case SetValue set:
                type = SnapshotRecordType.Set;
                payload = SnapshotBuffer.VarintLength((ulong)set.Count);
                for (int i = 0; i < set.SlotLimit; i++)
                {
                    if (set.KeyAt(i) is { } m)
                    {
                        payload += SnapshotBuffer.BlobLength(m.Length);
                    }
                }

                break;
            case HashValue h:
                type = SnapshotRecordType.Hash;
                payload = SnapshotBuffer.VarintLength((ulong)h.Count);
                for (int i = 0; i < h.SlotLimit; i++)
                {
                    if (h.KeyAt(i) is { } f)
                    {
                        payload += SnapshotBuffer.BlobLength(f.Length) + SnapshotBuffer.BlobLength(h.ValueAt(i).Length);
                    }
                }

                break;
            case SortedSetValue z:
                type = SnapshotRecordType.SortedSet;
                payload = SnapshotBuffer.VarintLength((ulong)z.Count);
                for (SkipListNode? n = z.Ordered.First; n is not null; n = n.Next)
                {
                    payload += SnapshotBuffer.BlobLength(n.Member.Length) + 8;
                }

                break;
            default:
                throw new InvalidOperationException("cannot snapshot a value of type " + value.GetType());
        }

        long length = 1 + SnapshotBuffer.VarintLength((ulong)db) + 8 + SnapshotBuffer.BlobLength(key.Length) + payload;
        if (length > MaxRecordLength)
        {
            throw new InvalidOperationException($"a key of {length} bytes exceeds the snapshot record limit of {MaxRecordLength}");
        }

        buf.WriteUInt32((uint)length);
        buf.WriteByte((byte)type);
        buf.WriteVarint((ulong)db);
        buf.WriteInt64(expireAtMs);
        buf.WriteBlob(key);
        switch (value)
        {
            case byte[] s:
                buf.WriteBlob(s);
                break;
            case ListValue l:
                buf.WriteVarint((ulong)l.Count);
                for (int i = 0; i < l.Count; i++)
                {
                    buf.WriteBlob(l[i]);
                }

                break;
            case SetValue set:
                buf.WriteVarint((ulong)set.Count);
                for (int i = 0; i < set.SlotLimit; i++)
                {
                    if (set.KeyAt(i) is { } m)
                    {
                        buf.WriteBlob(m);
                    }
                }

                break;
            case HashValue h:
                buf.WriteVarint((ulong)h.Count);
                for (int i = 0; i < h.SlotLimit; i++)
                {
                    if (h.KeyAt(i) is { } f)
                    {
                        buf.WriteBlob(f);
                        buf.WriteBlob(h.ValueAt(i));
                    }
                }

                break;
            case SortedSetValue z:
                buf.WriteVarint((ulong)z.Count);
                for (SkipListNode? n = z.Ordered.First; n is not null; n = n.Next)
                {
                    buf.WriteBlob(n.Member);
                    buf.WriteInt64(BitConverter.DoubleToInt64Bits(n.Score));
                }

                break;
        }
    }

    /// <summary>
    /// The whole dataset as one snapshot, in one go (tests, tools, a node with nothing else to do). The live path is a
    /// <see cref="SnapshotWalk"/> run in slices between commands.
    /// </summary>
    public static byte[] WriteAll(KeyspaceEngine engine, string replId, long offset, int streamDb = 0)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var output = new MemoryStream();
        var crc = new Crc64();
        byte[] header = EncodeHeader(new SnapshotHeader(replId, offset, engine.DatabaseCount, streamDb));
        crc.Append(header);
        output.Write(header);
        var walk = new SnapshotWalk(0);
        walk.Begin(engine);
        bool done;
        do
        {
            byte[] part = walk.RunSlice(out done);
            crc.Append(part);
            output.Write(part);
        }
        while (!done);

        output.Write(EncodeEnd(walk.KeysWritten, ref crc));
        return output.ToArray();
    }
}
