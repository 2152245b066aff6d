using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>
/// Sorted-set commands on <see cref="SortedSetValue"/>: ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT
/// ZLEXCOUNT ZPOPMIN ZPOPMAX ZRANDMEMBER ZSCAN ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX (ranges and set algebra
/// in the other parts). Writes propagate verbatim: every one is deterministic given the same set.
/// </summary>
public static partial class SortedSetCommands
{
    [ThreadStatic]
    private static List<SkipListNode>? t_nodes;

    private static ReadOnlySpan<byte> NxXxError => "ERR XX and NX options at the same time are not compatible"u8;

    private static ReadOnlySpan<byte> GtLtNxError => "ERR GT, LT, and/or NX options at the same time are not compatible"u8;

    private static ReadOnlySpan<byte> IncrPairError => "ERR INCR option supports a single increment-element pair"u8;

    public static void ZAdd(ref CommandContext c) => AddGeneric(ref c, incrOnly: false);

    /// <summary>ZINCRBY key increment member: ZADD INCR without options.</summary>
    public static void ZIncrBy(ref CommandContext c) => AddGeneric(ref c, incrOnly: true);

    private static void AddGeneric(ref CommandContext c, bool incrOnly)
    {
        bool nx = false, xx = false, gt = false, lt = false, ch = false, incr = incrOnly;
        int first = 2;
        while (!incrOnly && first < c.ArgCount)
        {
            if (c.ArgIs(first, "NX"u8)) nx = true;
            else if (c.ArgIs(first, "XX"u8)) xx = true;
            else if (c.ArgIs(first, "CH"u8)) ch = true;
            else if (c.ArgIs(first, "INCR"u8)) incr = true;
            else if (c.ArgIs(first, "GT"u8)) gt = true;
            else if (c.ArgIs(first, "LT"u8)) lt = true;
            else break;
            first++;
        }

        int args = c.ArgCount - first;
        if (args == 0 || args % 2 != 0)
        {
            c.Error(Errors.Syntax);
            return;
        }

        int elements = args / 2;
        if (nx && xx)
        {
            c.Error(NxXxError);
            return;
        }

        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            c.Error(GtLtNxError);
            return;
        }

        if (incr && elements > 1)
        {
            c.Error(IncrPairError);
            return;
        }

        // Every score is checked before anything changes.
        for (int j = first; j < c.ArgCount; j += 2)
        {
            if (!c.Cmd.TryGetDouble(j, out _))
            {
                c.Error(Errors.NotFloat);
                return;
            }
        }

        int slot = c.LookupWrite(1);
        SortedSetValue zset;
        if (slot < 0)
        {
            if (xx)
            {
                if (incr) c.Reply.WriteNull();
                else c.Reply.WriteInteger(0);
                return;
            }

            zset = new SortedSetValue();
            c.Ks.AddKey(c.Db, c.Arg(1), zset);
        }
        else if (c.ValueAt(slot) is SortedSetValue z)
        {
            zset = z;
        }
        else
        {
            c.WrongType();
            return;
        }

        long before = zset.MemoryBytes;
        int added = 0, updated = 0, processed = 0;
        double last = 0;
        bool nan = false;
        for (int j = first; j < c.ArgCount; j += 2)
        {
            c.Cmd.TryGetDouble(j, out double score);
            ReadOnlySpan<byte> member = c.Arg(j + 1);
            int m = zset.Find(member);
            if (m >= 0)
            {
                if (nx)
                {
                    continue;
                }

                double current = zset.ValueAt(m);
                if (incr)
                {
                    score += current;
                    if (double.IsNaN(score))
                    {
                        nan = true;
                        break;
                    }
                }

                if ((lt && score >= current) || (gt && score <= current))
                {
                    continue;
                }

                if (score != current)
                {
                    zset.SetScore(m, score);
                    updated++;
                }
            }
            else
            {
                if (xx)
                {
                    continue;
                }

                zset.Add(member, score);
                added++;
            }

            processed++;
            last = score;
        }

        c.Ks.AdjustMemory(zset.MemoryBytes - before);
        if (nan)
        {
            c.Error(SortedSetArgs.NanScore);
        }
        else if (incr)
        {
            if (processed > 0) c.Reply.WriteScore(last);
            else c.Reply.WriteNull();
        }
        else
        {
            c.Reply.WriteInteger(ch ? added + updated : added);
        }

        if (added + updated > 0)
        {
            c.Dirty(added + updated);
            c.PropagateVerbatim();
        }
    }

    public static void ZRem(ref CommandContext c)
    {
        if (!c.TryGetForWrite(1, out SortedSetValue zset, out int slot))
        {
            if (slot < 0) c.Reply.WriteInteger(0);
            return;
        }

        long before = zset.MemoryBytes;
        int removed = 0;
        for (int j = 2; j < c.ArgCount && zset.Count > 0; j++)
        {
            if (zset.RemoveMember(c.Arg(j)))
            {
                removed++;
            }
        }

        c.CompleteRemoval(slot, before, zset.MemoryBytes, zset.Count == 0, removed);
    }

    public static void ZCard(ref CommandContext c)
    {
        if (c.TryGetForRead(1, out SortedSetValue zset, out bool missing))
        {
            c.Reply.WriteInteger(zset.Count);
        }
        else if (missing)
        {
            c.Reply.WriteInteger(0);
        }
    }

    public static void ZScore(ref CommandContext c)
    {
        if (c.TryGetForRead(1, out SortedSetValue zset, out bool missing))
        {
            if (zset.TryGetValue(c.Arg(2), out double score)) c.Reply.WriteScore(score);
            else c.Reply.WriteNull();
        }
        else if (missing)
        {
            c.Reply.WriteNull();
        }
    }

    public static void ZMScore(ref CommandContext c)
    {
        SortedSetValue? zset = null;
        if (c.TryGetForRead(1, out SortedSetValue z, out bool missing))
        {
            zset = z;
        }
        else if (!missing)
        {
            return;
        }

        c.Reply.WriteArrayHeader(c.ArgCount - 2);
        for (int j = 2; j < c.ArgCount; j++)
        {
            if (zset is not null && zset.TryGetValue(c.Arg(j), out double score)) c.Reply.WriteScore(score);
            else c.Reply.WriteNull();
        }
    }

    public static void ZRank(ref CommandContext c) => RankGeneric(ref c, reverse: false);

    public static void ZRevRank(ref CommandContext c) => RankGeneric(ref c, reverse: true);

    private static void RankGeneric(ref CommandContext c, bool reverse)
    {
        if (c.TryGetForRead(1, out SortedSetValue zset, out bool missing))
        {
            long rank = zset.RankOf(c.Arg(2), reverse);
            if (rank >= 0) c.Reply.WriteInteger(rank);
            else c.Reply.WriteNull();
        }
        else if (missing)
        {
            c.Reply.WriteNull();
        }
    }

    public static void ZCount(ref CommandContext c)
    {
        if (!SortedSetArgs.TryParseScoreRange(c.Arg(2), c.Arg(3), out ScoreRange range))
        {
            c.Error(SortedSetArgs.NotFloatRange);
            return;
        }

        CountIn(ref c, range);
    }

    public static void ZLexCount(ref CommandContext c)
    {
        if (!SortedSetArgs.TryParseLexRange(c.Arg(2), c.Arg(3), out LexRange range))
        {
            c.Error(SortedSetArgs.NotLexRange);
            return;
        }

        CountIn(ref c, range);
    }

    private static void CountIn<TRange>(ref CommandContext c, in TRange range)
        where TRange : struct, ISkipListRange
    {
        if (c.TryGetForRead(1, out SortedSetValue zset, out bool missing))
        {
            SkipListNode? first = zset.Ordered.FirstIn(range);
            SkipListNode? last = first is null ? null : zset.Ordered.LastIn(range);
            c.Reply.WriteInteger(CountBetween(zset, first, last));
        }
        else if (missing)
        {
            c.Reply.WriteInteger(0);
        }
    }

    private static long CountBetween(SortedSetValue zset, SkipListNode? first, SkipListNode? last) =>
        first is null || last is null ? 0 : zset.Ordered.Rank(last.Score, last.Member) - zset.Ordered.Rank(first.Score, first.Member) + 1;

    public static void ZPopMin(ref CommandContext c) => PopGeneric(ref c, max: false);

    public static void ZPopMax(ref CommandContext c) => PopGeneric(ref c, max: true);

    private static void PopGeneric(ref CommandContext c, bool max)
    {
        if (c.ArgCount > 3)
        {
            c.Error(Errors.Syntax);
            return;
        }

        long count = 1;
        bool hasCount = c.ArgCount == 3;
        if (hasCount)
        {
            if (!CommandHelpers.TryGetPositiveLong(ref c, 2, out count))
            {
                return;
            }
        }

        // The key's type is checked before a count of 0 answers (WRONGTYPE even then), as Redis does.
        if (!c.TryGetForWrite(1, out SortedSetValue zset, out int slot))
        {
            if (slot < 0) c.Reply.WriteEmptyArray();
            return;
        }

        if (count == 0)
        {
            c.Reply.WriteEmptyArray();
            return;
        }

        List<SkipListNode> nodes = Scratch();
        SkipListNode? n = max ? zset.Ordered.Last : zset.Ordered.First;
        while (n is not null && nodes.Count < count)
        {
            nodes.Add(n);
            n = max ? n.Previous : n.Next;
        }

        long before = zset.MemoryBytes;
        foreach (SkipListNode node in nodes)
        {
            zset.RemoveMember(node.Member);
        }

        c.Ks.AdjustMemory(zset.MemoryBytes - before);
        if (zset.Count == 0)
        {
            c.Ks.RemoveKey(c.Db, slot);
        }

        bool pairs = hasCount && c.Reply.Protocol == RespProtocol.Resp3;
        c.Reply.WriteArrayHeader(pairs ? nodes.Count : nodes.Count * 2);
        foreach (SkipListNode node in nodes)
        {
            if (pairs)
            {
                c.Reply.WriteArrayHeader(2);
            }

            c.Reply.WriteBulkString(node.Member);
            c.Reply.WriteScore(node.Score);
        }

        c.Dirty(nodes.Count);
        nodes.Clear();
        c.PropagateVerbatim();
    }

    /// <summary>ZRANDMEMBER key [count [WITHSCORES]]: a negative count may repeat members.</summary>
    public static void ZRandMember(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        if (c.ArgCount == 2)
        {
            if (c.TryGetForRead(1, out SortedSetValue one, out bool missingOne))
            {
                c.Reply.WriteBulkString(one.KeyAt(one.RandomSlot(ks.Random))!);
            }
            else if (missingOne)
            {
                c.Reply.WriteNull();
            }

            return;
        }

        if (!c.Cmd.TryGetLong(2, out long requested))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (requested == long.MinValue)
        {
            c.Error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8);
            return;
        }

        bool withScores = false;
        if (c.ArgCount > 4 || (c.ArgCount == 4 && !c.ArgIs(3, "WITHSCORES"u8)))
        {
            c.Error(Errors.Syntax);
            return;
        }

        if (c.ArgCount == 4)
        {
            withScores = true;
            if (requested < -long.MaxValue / 2 || requested > long.MaxValue / 2)
            {
                c.Error(Errors.OutOfRange);
                return;
            }
        }

        if (!c.TryGetForRead(1, out SortedSetValue zset, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteEmptyArray();
            }

            return;
        }

        bool repeats = requested < 0;
        long count = Math.Abs(requested);
        if (count == 0)
        {
            c.Reply.WriteEmptyArray();
            return;
        }

        List<int> slots = new();
        if (repeats)
        {
            for (long k = 0; k < count; k++)
            {
                slots.Add(zset.RandomSlot(ks.Random));
            }
        }
        else
        {
            for (int s = 0; s < zset.SlotLimit; s++)
            {
                if (zset.KeyAt(s) is not null)
                {
                    slots.Add(s);
                }
            }

            // A partial Fisher-Yates shuffle picks count distinct members.
            int take = (int)Math.Min(count, slots.Count);
            for (int k = 0; k < take; k++)
            {
                int r = k + ks.Random.Next(slots.Count - k);
                (slots[k], slots[r]) = (slots[r], slots[k]);
            }

            slots.RemoveRange(take, slots.Count - take);
        }

        bool pairs = withScores && c.Reply.Protocol == RespProtocol.Resp3;
        c.Reply.WriteArrayHeader(withScores && !pairs ? slots.Count * 2 : slots.Count);
        foreach (int s in slots)
        {
            if (pairs)
            {
                c.Reply.WriteArrayHeader(2);
            }

            c.Reply.WriteBulkString(zset.KeyAt(s)!);
            if (withScores)
            {
                c.Reply.WriteScore(zset.ValueAt(s));
            }
        }
    }

    public static void ZScan(ref CommandContext c)
    {
        var found = new List<int>();
        if (!HashCommands.TryScan(ref c, found, out SortedSetValue zset, out long next))
        {
            return;
        }

        KeyCommands.WriteScanReply(ref c, next, found.Count * 2);
        Span<byte> text = stackalloc byte[RespDoubleFormatter.MaxLength];
        foreach (int s in found)
        {
            c.Reply.WriteBulkString(zset.KeyAt(s)!);
            c.Reply.WriteBulkString(text[..RespDoubleFormatter.FormatG17(zset.ValueAt(s), text)]);
        }
    }

    public static void ZRemRangeByRank(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long start) || !c.Cmd.TryGetLong(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        RemoveRangeGeneric(ref c, RangeKind.Rank, start, end, default, default);
    }

    public static void ZRemRangeByScore(ref CommandContext c)
    {
        if (!SortedSetArgs.TryParseScoreRange(c.Arg(2), c.Arg(3), out ScoreRange range))
        {
            c.Error(SortedSetArgs.NotFloatRange);
            return;
        }

        RemoveRangeGeneric(ref c, RangeKind.Score, 0, 0, range, default);
    }

    public static void ZRemRangeByLex(ref CommandContext c)
    {
        if (!SortedSetArgs.TryParseLexRange(c.Arg(2), c.Arg(3), out LexRange range))
        {
            c.Error(SortedSetArgs.NotLexRange);
            return;
        }

        RemoveRangeGeneric(ref c, RangeKind.Lex, 0, 0, default, range);
    }

    private static void RemoveRangeGeneric(ref CommandContext c, RangeKind kind, long start, long end, in ScoreRange scores, in LexRange lex)
    {
        if (!c.TryGetForWrite(1, out SortedSetValue zset, out int slot))
        {
            if (slot < 0) c.Reply.WriteInteger(0);
            return;
        }

        List<SkipListNode> nodes = Scratch();
        Collect(zset, kind, reverse: false, start, end, scores, lex, 0, -1, nodes);
        long before = zset.MemoryBytes;
        foreach (SkipListNode node in nodes)
        {
            zset.RemoveMember(node.Member);
        }

        int removed = nodes.Count;
        nodes.Clear();
        c.CompleteRemoval(slot, before, zset.MemoryBytes, zset.Count == 0, removed);
    }

    /// <summary>A reusable node list (cleared by the caller before returning, so no removed node stays reachable).</summary>
    private static List<SkipListNode> Scratch()
    {
        List<SkipListNode> nodes = t_nodes ??= new List<SkipListNode>();
        nodes.Clear();
        return nodes;
    }
}
