using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>ZUNION ZINTER ZDIFF, their STORE forms (WEIGHTS, AGGREGATE SUM|MIN|MAX, WITHSCORES) and ZINTERCARD; plain sets count with score 1.</summary>
public static partial class SortedSetCommands
{
    private enum SetOperation
    {
        Union,
        Inter,
        Diff,
    }

    private enum Aggregate
    {
        Sum,
        Min,
        Max,
    }

    public static void ZUnion(ref CommandContext c) => AlgebraGeneric(ref c, -1, 1, SetOperation.Union, cardinalityOnly: false);

    public static void ZInter(ref CommandContext c) => AlgebraGeneric(ref c, -1, 1, SetOperation.Inter, cardinalityOnly: false);

    public static void ZDiff(ref CommandContext c) => AlgebraGeneric(ref c, -1, 1, SetOperation.Diff, cardinalityOnly: false);

    public static void ZUnionStore(ref CommandContext c) => AlgebraGeneric(ref c, 1, 2, SetOperation.Union, cardinalityOnly: false);

    public static void ZInterStore(ref CommandContext c) => AlgebraGeneric(ref c, 1, 2, SetOperation.Inter, cardinalityOnly: false);

    public static void ZDiffStore(ref CommandContext c) => AlgebraGeneric(ref c, 1, 2, SetOperation.Diff, cardinalityOnly: false);

    public static void ZInterCard(ref CommandContext c) => AlgebraGeneric(ref c, -1, 1, SetOperation.Inter, cardinalityOnly: true);

    /// <summary>Redis's zunionInterDiffGenericCommand: <c>numkeys key... [WEIGHTS w...] [AGGREGATE f] [WITHSCORES|LIMIT n]</c>.</summary>
    private static void AlgebraGeneric(ref CommandContext c, int destination, int numKeysArg, SetOperation op, bool cardinalityOnly)
    {
        if (!c.Cmd.TryGetLong(numKeysArg, out long numKeys))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (numKeys < 1)
        {
            c.Error(System.Text.Encoding.ASCII.GetBytes($"ERR at least 1 input key is needed for '{c.Cmd.ArgString(0).ToLowerInvariant()}' command"));
            return;
        }

        if (numKeys > c.ArgCount - (numKeysArg + 1))
        {
            c.Error(Errors.Syntax);
            return;
        }

        int n = (int)numKeys;
        var sources = new object?[n];
        var weights = new double[n];
        int j = numKeysArg + 1;
        for (int i = 0; i < n; i++, j++)
        {
            int slot = destination >= 0 ? c.LookupWrite(j) : c.LookupRead(j);
            object? value = slot < 0 ? null : c.ValueAt(slot);
            if (value is not null and not SortedSetValue and not SetValue)
            {
                c.WrongType();
                return;
            }

            sources[i] = value;
            weights[i] = 1.0;
        }

        var aggregate = Aggregate.Sum;
        bool withScores = false;
        long limit = 0;
        while (j < c.ArgCount)
        {
            int remaining = c.ArgCount - j;
            if (op != SetOperation.Diff && !cardinalityOnly && remaining >= n + 1 && c.ArgIs(j, "WEIGHTS"u8))
            {
                j++;
                for (int i = 0; i < n; i++, j++)
                {
                    if (!c.Cmd.TryGetDouble(j, out weights[i]))
                    {
                        c.Error("ERR weight value is not a float"u8);
                        return;
                    }
                }
            }
            else if (op != SetOperation.Diff && !cardinalityOnly && remaining >= 2 && c.ArgIs(j, "AGGREGATE"u8))
            {
                if (c.ArgIs(j + 1, "SUM"u8)) aggregate = Aggregate.Sum;
                else if (c.ArgIs(j + 1, "MIN"u8)) aggregate = Aggregate.Min;
                else if (c.ArgIs(j + 1, "MAX"u8)) aggregate = Aggregate.Max;
                else
                {
                    c.Error(Errors.Syntax);
                    return;
                }

                j += 2;
            }
            else if (destination < 0 && !cardinalityOnly && c.ArgIs(j, "WITHSCORES"u8))
            {
                withScores = true;
                j++;
            }
            else if (cardinalityOnly && remaining >= 2 && c.ArgIs(j, "LIMIT"u8))
            {
                if (!c.Cmd.TryGetLong(j + 1, out limit))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (limit < 0)
                {
                    c.Error("ERR LIMIT can't be negative"u8);
                    return;
                }

                j += 2;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        if (cardinalityOnly)
        {
            c.Reply.WriteInteger(IntersectionCardinality(sources, limit));
            return;
        }

        SortedSetValue result = op switch
        {
            SetOperation.Union => Union(sources, weights, aggregate),
            SetOperation.Inter => Intersection(sources, weights, aggregate),
            _ => Difference(sources),
        };

        if (destination >= 0)
        {
            StoreResult(ref c, destination, result);
            return;
        }

        List<SkipListNode> nodes = Scratch();
        for (SkipListNode? node = result.Ordered.First; node is not null; node = node.Next)
        {
            nodes.Add(node);
        }

        SortedSetArgs.WriteElements(ref c, nodes, withScores);
        nodes.Clear();
    }

    private static int SizeOf(object? source) => source switch
    {
        SortedSetValue z => z.Count,
        SetValue s => s.Count,
        _ => 0,
    };

    private static bool TryScoreOf(object? source, ReadOnlySpan<byte> member, out double score)
    {
        switch (source)
        {
            case SortedSetValue z:
                return z.TryGetValue(member, out score);
            case SetValue s:
                score = 1.0;
                return s.ContainsKey(member);
            default:
                score = 0;
                return false;
        }
    }

    /// <summary>weight * score, where inf * 0 (NaN) counts as 0 as in Redis.</summary>
    private static double Weighted(double weight, double score)
    {
        double v = weight * score;
        return double.IsNaN(v) ? 0 : v;
    }

    private static double Combine(Aggregate aggregate, double target, double value)
    {
        switch (aggregate)
        {
            case Aggregate.Sum:
                double sum = target + value;
                return double.IsNaN(sum) ? 0 : sum; // inf + -inf
            case Aggregate.Min:
                return value < target ? value : target;
            default:
                return value > target ? value : target;
        }
    }

    /// <summary>Calls <paramref name="visit"/> with each member and score of a zset or set source.</summary>
    private static void ForEachMember(object? source, Action<byte[], double> visit)
    {
        switch (source)
        {
            case SortedSetValue z:
                for (SkipListNode? node = z.Ordered.First; node is not null; node = node.Next)
                {
                    visit(node.Member, node.Score);
                }

                break;
            case SetValue s:
                for (int slot = 0; slot < s.SlotLimit; slot++)
                {
                    if (s.KeyAt(slot) is { } member)
                    {
                        visit(member, 1.0);
                    }
                }

                break;
        }
    }

    private static SortedSetValue Union(object?[] sources, double[] weights, Aggregate aggregate)
    {
        var scores = new ByteTable<double>();
        for (int i = 0; i < sources.Length; i++)
        {
            double weight = weights[i];
            ForEachMember(sources[i], (member, score) =>
            {
                double value = Weighted(weight, score);
                int slot = scores.FindOrAdd(member, out bool added);
                scores.ValueAt(slot) = added ? value : Combine(aggregate, scores.ValueAt(slot), value);
            });
        }

        return ToSortedSet(scores);
    }

    private static SortedSetValue Intersection(object?[] sources, double[] weights, Aggregate aggregate)
    {
        var scores = new ByteTable<double>();
        int smallest = SmallestSource(sources);
        if (smallest >= 0)
        {
            ForEachMember(sources[smallest], (member, score) =>
            {
                double value = Weighted(weights[smallest], score);
                for (int i = 0; i < sources.Length; i++)
                {
                    if (i == smallest)
                    {
                        continue;
                    }

                    if (!TryScoreOf(sources[i], member, out double other))
                    {
                        return;
                    }

                    value = Combine(aggregate, value, Weighted(weights[i], other));
                }

                scores.AddNew(member, value);
            });
        }

        return ToSortedSet(scores);
    }

    private static SortedSetValue Difference(object?[] sources)
    {
        var scores = new ByteTable<double>();
        ForEachMember(sources[0], (member, score) =>
        {
            for (int i = 1; i < sources.Length; i++)
            {
                if (TryScoreOf(sources[i], member, out _))
                {
                    return;
                }
            }

            scores.AddNew(member, score);
        });
        return ToSortedSet(scores);
    }

    private static long IntersectionCardinality(object?[] sources, long limit)
    {
        int smallest = SmallestSource(sources);
        long count = 0;
        if (smallest >= 0)
        {
            ForEachMember(sources[smallest], (member, _) =>
            {
                if (limit > 0 && count >= limit)
                {
                    return;
                }

                for (int i = 0; i < sources.Length; i++)
                {
                    if (i != smallest && !TryScoreOf(sources[i], member, out _))
                    {
                        return;
                    }
                }

                count++;
            });
        }

        return count;
    }

    /// <summary>The index of the smallest source, or -1 when one is missing or empty (the intersection is empty).</summary>
    private static int SmallestSource(object?[] sources)
    {
        int smallest = -1;
        for (int i = 0; i < sources.Length; i++)
        {
            int size = SizeOf(sources[i]);
            if (size == 0)
            {
                return -1;
            }

            if (smallest < 0 || size < SizeOf(sources[smallest]))
            {
                smallest = i;
            }
        }

        return smallest;
    }

    private static SortedSetValue ToSortedSet(ByteTable<double> scores)
    {
        var result = new SortedSetValue(scores.Count);
        for (int slot = 0; slot < scores.SlotLimit; slot++)
        {
            if (scores.KeyAt(slot) is { } member)
            {
                result.Add(member, scores.ValueAt(slot));
            }
        }

        return result;
    }
}
