using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE and the older ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX.</summary>
public static partial class SortedSetCommands
{
    private enum RangeKind
    {
        Auto,
        Rank,
        Score,
        Lex,
    }

    private static ReadOnlySpan<byte> LimitNeedsByError => "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"u8;

    private static ReadOnlySpan<byte> WithScoresByLexError => "ERR syntax error, WITHSCORES not supported in combination with BYLEX"u8;

    public static void ZRange(ref CommandContext c) => RangeGeneric(ref c, 1, -1, RangeKind.Auto, reverse: null);

    public static void ZRangeStore(ref CommandContext c) => RangeGeneric(ref c, 2, 1, RangeKind.Auto, reverse: null);

    public static void ZRevRange(ref CommandContext c) => RangeGeneric(ref c, 1, -1, RangeKind.Rank, reverse: true);

    public static void ZRangeByScore(ref CommandContext c) => RangeGeneric(ref c, 1, -1, RangeKind.Score, reverse: false);

    public static void ZRevRangeByScore(ref CommandContext c) => RangeGeneric(ref c, 1, -1, RangeKind.Score, reverse: true);

    public static void ZRangeByLex(ref CommandContext c) => RangeGeneric(ref c, 1, -1, RangeKind.Lex, reverse: false);

    public static void ZRevRangeByLex(ref CommandContext c) => RangeGeneric(ref c, 1, -1, RangeKind.Lex, reverse: true);

    /// <summary>
    /// Redis's zrangeGenericCommand: options after <c>key min max</c>; a fixed <paramref name="kind"/> or direction (the
    /// older commands) does not accept BYSCORE/BYLEX/REV. A reverse score or lex range is given as <c>max min</c>.
    /// With a destination (ZRANGESTORE) the result replaces it, or deletes it when empty.
    /// </summary>
    private static void RangeGeneric(ref CommandContext c, int keyArg, int destination, RangeKind kind, bool? reverse)
    {
        bool withScores = false;
        long offset = 0, limit = -1;
        bool store = destination >= 0;
        for (int j = keyArg + 3; j < c.ArgCount; j++)
        {
            int left = c.ArgCount - j - 1;
            if (!store && c.ArgIs(j, "WITHSCORES"u8))
            {
                withScores = true;
            }
            else if (c.ArgIs(j, "LIMIT"u8) && left >= 2)
            {
                if (!c.Cmd.TryGetLong(j + 1, out offset) || !c.Cmd.TryGetLong(j + 2, out limit))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                j += 2;
            }
            else if (reverse is null && c.ArgIs(j, "REV"u8))
            {
                reverse = true;
            }
            else if (kind == RangeKind.Auto && c.ArgIs(j, "BYLEX"u8))
            {
                kind = RangeKind.Lex;
            }
            else if (kind == RangeKind.Auto && c.ArgIs(j, "BYSCORE"u8))
            {
                kind = RangeKind.Score;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        bool rev = reverse ?? false;
        if (kind == RangeKind.Auto)
        {
            kind = RangeKind.Rank;
        }

        if (limit != -1 && kind == RangeKind.Rank)
        {
            c.Error(LimitNeedsByError);
            return;
        }

        if (withScores && kind == RangeKind.Lex)
        {
            c.Error(WithScoresByLexError);
            return;
        }

        int minArg = keyArg + 1, maxArg = keyArg + 2;
        if (rev && kind != RangeKind.Rank)
        {
            (minArg, maxArg) = (maxArg, minArg);
        }

        long start = 0, end = 0;
        ScoreRange scores = default;
        LexRange lex = default;
        switch (kind)
        {
            case RangeKind.Rank:
                if (!c.Cmd.TryGetLong(minArg, out start) || !c.Cmd.TryGetLong(maxArg, out end))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                break;
            case RangeKind.Score:
                if (!SortedSetArgs.TryParseScoreRange(c.Arg(minArg), c.Arg(maxArg), out scores))
                {
                    c.Error(SortedSetArgs.NotFloatRange);
                    return;
                }

                break;
            default:
                if (!SortedSetArgs.TryParseLexRange(c.Arg(minArg), c.Arg(maxArg), out lex))
                {
                    c.Error(SortedSetArgs.NotLexRange);
                    return;
                }

                break;
        }

        SortedSetValue? zset = null;
        if (c.TryGetForRead(keyArg, out SortedSetValue z, out bool missing))
        {
            zset = z;
        }
        else if (!missing)
        {
            return;
        }

        List<SkipListNode> nodes = Scratch();
        if (zset is not null)
        {
            Collect(zset, kind, rev, start, end, scores, lex, offset, limit, nodes);
        }

        if (store)
        {
            StoreResult(ref c, destination, nodes);
        }
        else
        {
            SortedSetArgs.WriteElements(ref c, nodes, withScores);
        }

        nodes.Clear();
    }

    /// <summary>Appends the elements of a rank, score or lex range in the requested direction, after <paramref name="offset"/> and up to <paramref name="limit"/> (negative: all).</summary>
    private static void Collect(SortedSetValue zset, RangeKind kind, bool reverse, long start, long end, in ScoreRange scores, in LexRange lex, long offset, long limit, List<SkipListNode> nodes)
    {
        SortedSetSkipList list = zset.Ordered;
        if (kind == RangeKind.Rank)
        {
            long length = list.Count;
            if (start < 0) start += length;
            if (end < 0) end += length;
            if (start < 0) start = 0;
            if (start > end || start >= length)
            {
                return;
            }

            if (end >= length) end = length - 1;
            SkipListNode? n = reverse ? list.ByRank(length - start) : list.ByRank(start + 1);
            for (long k = start; k <= end && n is not null; k++)
            {
                nodes.Add(n);
                n = reverse ? n.Previous : n.Next;
            }

            return;
        }

        if (kind == RangeKind.Score)
        {
            CollectIn(list, scores, reverse, offset, limit, nodes);
        }
        else
        {
            CollectIn(list, lex, reverse, offset, limit, nodes);
        }
    }

    private static void CollectIn<TRange>(SortedSetSkipList list, in TRange range, bool reverse, long offset, long limit, List<SkipListNode> nodes)
        where TRange : struct, ISkipListRange
    {
        if (offset < 0)
        {
            return;
        }

        SkipListNode? node = reverse ? list.LastIn(range) : list.FirstIn(range);
        for (long skip = offset; skip > 0 && node is not null; skip--)
        {
            node = reverse ? node.Previous : node.Next;
        }

        while (node is not null && limit != 0 && (reverse ? range.AboveMin(node) : range.BelowMax(node)))
        {
            nodes.Add(node);
            if (limit > 0) limit--;
            node = reverse ? node.Previous : node.Next;
        }
    }

    /// <summary>
    /// The STORE forms: the result replaces the destination whatever it held (reply: its size), or deletes it when
    /// empty. Propagated verbatim when the dataset changed.
    /// </summary>
    private static void StoreResult(ref CommandContext c, int destination, List<SkipListNode> nodes)
    {
        var result = new SortedSetValue(nodes.Count);
        foreach (SkipListNode n in nodes)
        {
            result.Add(n.Member, n.Score);
        }

        StoreResult(ref c, destination, result);
    }

    private static void StoreResult(ref CommandContext c, int destination, SortedSetValue result)
    {
        KeyspaceEngine ks = c.Ks;
        int slot = c.LookupWrite(destination);
        bool existed = slot >= 0;
        if (existed)
        {
            ks.RemoveKey(c.Db, slot);
        }

        if (result.Count > 0)
        {
            ks.AddKey(c.Db, c.Arg(destination), result);
        }

        c.Reply.WriteInteger(result.Count);
        if (result.Count > 0 || existed)
        {
            c.Dirty();
            c.PropagateVerbatim();
        }
    }
}
