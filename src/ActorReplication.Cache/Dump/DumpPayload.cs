using System.Buffers.Binary;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Dump;

/// <summary>
/// Redis's DUMP payload: the value's RDB type byte and encoding, then the RDB version (2 bytes, little-endian) and a
/// CRC-64/Jones of everything before it (8 bytes, little-endian). Values are written in the encoding Redis 7.0 would
/// use for them (listpack, intset, quicklist or plain), so a payload moves to and from a real redis-server.
/// </summary>
public static class DumpPayload
{
    /// <summary>Redis 7.0's RDB version: the newest a payload may carry to be restored here.</summary>
    public const ushort RdbVersion = 10;

    private const int FooterLength = 10;

    public static byte[] Create(object value, EncodingThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var w = new RdbWriter();
        switch (value)
        {
            case byte[] s:
                w.WriteByte((byte)RdbType.String);
                w.WriteString(s);
                break;
            case ListValue list:
                WriteList(w, list, thresholds.ListMaxListpackSize);
                break;
            case HashValue hash:
                WriteHash(w, hash, thresholds);
                break;
            case SetValue set:
                WriteSet(w, set, thresholds);
                break;
            case SortedSetValue zset:
                WriteSortedSet(w, zset, thresholds);
                break;
            default:
                throw new ArgumentException($"no DUMP encoding for {value?.GetType().Name}", nameof(value));
        }

        Span<byte> version = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(version, RdbVersion);
        w.Write(version);
        Span<byte> crc = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(crc, Crc64.Compute(w.WrittenSpan));
        w.Write(crc);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Redis's check before reading a payload: long enough, an RDB version it knows, and the checksum right.</summary>
    public static bool HasValidFooter(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FooterLength)
        {
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(payload[^FooterLength..]);
        ulong crc = BinaryPrimitives.ReadUInt64LittleEndian(payload[^8..]);
        return version <= RdbVersion && crc == Crc64.Compute(payload[..^8]);
    }

    /// <summary>
    /// The value a payload (footer already checked) holds, or null when its type is not one this keyspace holds or
    /// its data is malformed: truncated, an empty collection, duplicate members or fields, a NaN score, a bad listpack
    /// or intset. As Redis, the value is read from the whole payload, footer included, and bytes left after it are
    /// ignored (so a string one byte short of its length still restores, ending in the version's first byte).
    /// </summary>
    public static object? TryRead(ReadOnlySpan<byte> payload)
    {
        var r = new RdbReader(payload);
        return r.TryReadByte(out byte type) ? TryReadValue(ref r, type) : null;
    }

    /// <summary>A value of RDB type <paramref name="type"/> at the reader's position (an RDB file's entry), or null.</summary>
    internal static object? TryReadValue(ref RdbReader r, byte type)
    {
        return (RdbType)type switch
        {
            RdbType.String => r.TryReadString(out byte[] s) ? s : null,
            RdbType.List => ReadPlainList(ref r),
            RdbType.ListQuicklist2 => ReadQuicklist(ref r),
            RdbType.Set => ReadPlainSet(ref r),
            RdbType.SetIntset => r.TryReadString(out byte[] intset) ? Intset.TryRead(intset) : null,
            RdbType.Hash => ReadPlainHash(ref r),
            RdbType.HashListpack => r.TryReadString(out byte[] lp) ? HashFromListpack(lp) : null,
            RdbType.ZSet or RdbType.ZSet2 => ReadPlainSortedSet(ref r, binaryScores: type == (byte)RdbType.ZSet2),
            RdbType.ZSetListpack => r.TryReadString(out byte[] zlp) ? SortedSetFromListpack(zlp) : null,
            _ => null,
        };
    }

    // ---- writing ----

    /// <summary>
    /// A quicklist of listpack nodes, filled front to back as RPUSH fills Redis's: a node takes the next element while
    /// its estimated size stays within the size class (negative fill) or, under 8 KB, its count under the fill.
    /// </summary>
    private static void WriteList(RdbWriter w, ListValue list, int fill)
    {
        var nodes = new List<byte[]>();
        ListpackBuilder? node = null;
        long nodeBytes = 0;
        for (int i = 0; i < list.Count; i++)
        {
            byte[] element = list[i];
            if (node is null || !NodeAllowsInsert(nodeBytes, node.Count, fill, element.Length))
            {
                if (node is not null)
                {
                    nodes.Add(node.ToArray());
                }

                node = new ListpackBuilder();
            }

            node.Append(element);
            nodeBytes = node.TotalBytes;
        }

        if (node is not null)
        {
            nodes.Add(node.ToArray());
        }

        w.WriteByte((byte)RdbType.ListQuicklist2);
        w.WriteLength((ulong)nodes.Count);
        foreach (byte[] lp in nodes)
        {
            w.WriteLength(2); // a packed (listpack) node
            w.WriteString(lp);
        }
    }

    private static bool NodeAllowsInsert(long nodeBytes, int nodeCount, int fill, int elementLength)
    {
        const long SafetyLimit = 8192;
        const int EstimateOverhead = 8;
        long newSize = nodeBytes + elementLength + EstimateOverhead;
        if (fill < 0)
        {
            int level = -fill - 1;
            if (level < 5 && newSize <= 4096L << level)
            {
                return true;
            }
        }

        return newSize <= SafetyLimit && nodeCount < fill;
    }

    private static void WriteHash(RdbWriter w, HashValue hash, EncodingThresholds t)
    {
        if (CompactEncoding.IsListpack(hash, t))
        {
            var lp = new ListpackBuilder();
            for (int i = 0; i < hash.SlotLimit; i++)
            {
                if (hash.KeyAt(i) is { } field)
                {
                    lp.Append(field);
                    lp.Append(hash.ValueAt(i));
                }
            }

            w.WriteByte((byte)RdbType.HashListpack);
            w.WriteString(lp.ToArray());
            return;
        }

        w.WriteByte((byte)RdbType.Hash);
        w.WriteLength((ulong)hash.Count);
        for (int i = 0; i < hash.SlotLimit; i++)
        {
            if (hash.KeyAt(i) is { } field)
            {
                w.WriteString(field);
                w.WriteString(hash.ValueAt(i));
            }
        }
    }

    private static void WriteSet(RdbWriter w, SetValue set, EncodingThresholds t)
    {
        if (CompactEncoding.IsIntset(set, t))
        {
            w.WriteByte((byte)RdbType.SetIntset);
            w.WriteString(Intset.Create(set));
            return;
        }

        w.WriteByte((byte)RdbType.Set);
        w.WriteLength((ulong)set.Count);
        for (int i = 0; i < set.SlotLimit; i++)
        {
            if (set.KeyAt(i) is { } member)
            {
                w.WriteString(member);
            }
        }
    }

    /// <summary>
    /// Small sorted sets as a listpack of member, score pairs in order (the score as Redis's text, stored as an integer
    /// when integral); larger ones from the highest score down with binary scores, as Redis writes its skip list.
    /// </summary>
    private static void WriteSortedSet(RdbWriter w, SortedSetValue zset, EncodingThresholds t)
    {
        if (CompactEncoding.IsListpack(zset, t))
        {
            var lp = new ListpackBuilder();
            Span<byte> text = stackalloc byte[RespDoubleFormatter.MaxLength];
            for (SkipListNode? n = zset.Ordered.First; n is not null; n = n.Next)
            {
                lp.Append(n.Member);
                if (IsIntegral(n.Score))
                {
                    lp.AppendInteger((long)n.Score);
                }
                else
                {
                    lp.Append(text[..RespDoubleFormatter.FormatG17(n.Score, text)]);
                }
            }

            w.WriteByte((byte)RdbType.ZSetListpack);
            w.WriteString(lp.ToArray());
            return;
        }

        w.WriteByte((byte)RdbType.ZSet2);
        w.WriteLength((ulong)zset.Count);
        for (SkipListNode? n = zset.Ordered.Last; n is not null; n = n.Previous)
        {
            w.WriteString(n.Member);
            w.WriteBinaryDouble(n.Score);
        }
    }

    /// <summary>Redis writes a score that is a whole number within ±2^62 as an integer, any other as %.17g text.</summary>
    private static bool IsIntegral(double score) =>
        score >= -(double)(1L << 62) && score <= (double)(1L << 62) && score == Math.Floor(score);

    // ---- reading ----

    private static ListValue? ReadPlainList(ref RdbReader r)
    {
        if (!r.TryReadCount(out int count) || count == 0)
        {
            return null;
        }

        var list = new ListValue(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryReadString(out byte[] element))
            {
                return null;
            }

            list.PushBack(element);
        }

        return list;
    }

    /// <summary>Quicklist nodes: 1 a single plain element, 2 a listpack (empty listpacks are skipped, as Redis does).</summary>
    private static ListValue? ReadQuicklist(ref RdbReader r)
    {
        if (!r.TryReadCount(out int nodes))
        {
            return null;
        }

        var list = new ListValue();
        for (int i = 0; i < nodes; i++)
        {
            if (!r.TryReadLength(out ulong container) || !r.TryReadString(out byte[] data))
            {
                return null;
            }

            if (container == 1)
            {
                list.PushBack(data);
                continue;
            }

            if (container != 2 || ListpackReader.TryRead(data) is not { } elements)
            {
                return null;
            }

            foreach (byte[] element in elements)
            {
                list.PushBack(element);
            }
        }

        return list.Count > 0 ? list : null;
    }

    private static SetValue? ReadPlainSet(ref RdbReader r)
    {
        if (!r.TryReadCount(out int count) || count == 0)
        {
            return null;
        }

        var set = new SetValue(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryReadString(out byte[] member) || !set.Add(member))
            {
                return null;
            }
        }

        return set;
    }

    private static HashValue? ReadPlainHash(ref RdbReader r)
    {
        if (!r.TryReadCount(out int count) || count == 0)
        {
            return null;
        }

        var hash = new HashValue(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryReadString(out byte[] field) || !r.TryReadString(out byte[] value) || !hash.SetField(field, value))
            {
                return null;
            }
        }

        return hash;
    }

    private static HashValue? HashFromListpack(byte[] lp)
    {
        if (ListpackReader.TryRead(lp) is not { } elements || elements.Count == 0 || (elements.Count & 1) != 0)
        {
            return null;
        }

        var hash = new HashValue(elements.Count / 2);
        for (int i = 0; i < elements.Count; i += 2)
        {
            if (!hash.SetField(elements[i], elements[i + 1]))
            {
                return null;
            }
        }

        return hash;
    }

    private static SortedSetValue? ReadPlainSortedSet(ref RdbReader r, bool binaryScores)
    {
        if (!r.TryReadCount(out int count) || count == 0)
        {
            return null;
        }

        var zset = new SortedSetValue(count);
        for (int i = 0; i < count; i++)
        {
            if (!r.TryReadString(out byte[] member))
            {
                return null;
            }

            double score;
            bool read = binaryScores ? r.TryReadBinaryDouble(out score) : r.TryReadStringDouble(out score);
            if (!read || double.IsNaN(score) || zset.ContainsKey(member))
            {
                return null;
            }

            zset.Add(member, score);
        }

        return zset;
    }

    private static SortedSetValue? SortedSetFromListpack(byte[] lp)
    {
        if (ListpackReader.TryRead(lp) is not { } elements || elements.Count == 0 || (elements.Count & 1) != 0)
        {
            return null;
        }

        var zset = new SortedSetValue(elements.Count / 2);
        for (int i = 0; i < elements.Count; i += 2)
        {
            if (!RespNumber.TryParseDouble(elements[i + 1], out double score) || double.IsNaN(score) || zset.ContainsKey(elements[i]))
            {
                return null;
            }

            zset.Add(elements[i], score);
        }

        return zset;
    }
}
