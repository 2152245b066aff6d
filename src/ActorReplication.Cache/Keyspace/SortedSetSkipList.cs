namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Elements ordered by (score, member bytes), as Redis's zskiplist: each node has 1..32 levels (each next level with
/// probability 1/4) and every forward link records how many elements it skips, so insert, delete, rank and
/// rank-to-element are O(log n) expected, and a range is found in O(log n) then walked along level 0.
/// </summary>
public sealed class SortedSetSkipList
{
    private const int MaxLevel = 32;

    private readonly SkipListNode _header = new(MaxLevel, 0, []);
    private readonly SkipListNode[] _update = new SkipListNode[MaxLevel];
    private readonly long[] _rank = new long[MaxLevel];
    private SkipListNode? _tail;
    private int _level = 1;
    private uint _random = 0x9E3779B9;

    public long Count { get; private set; }

    public SkipListNode? First => _header.Levels[0].Forward;

    public SkipListNode? Last => _tail;

    /// <summary>Adds an element the list does not hold yet.</summary>
    public SkipListNode Insert(double score, byte[] member)
    {
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            _rank[i] = i == _level - 1 ? 0 : _rank[i + 1];
            while (x.Levels[i].Forward is { } next && Less(next, score, member))
            {
                _rank[i] += x.Levels[i].Span;
                x = next;
            }

            _update[i] = x;
        }

        int level = RandomLevel();
        if (level > _level)
        {
            for (int i = _level; i < level; i++)
            {
                _rank[i] = 0;
                _update[i] = _header;
                _header.Levels[i].Span = Count;
            }

            _level = level;
        }

        var node = new SkipListNode(level, score, member);
        for (int i = 0; i < level; i++)
        {
            ref SkipListNode.Level prev = ref _update[i].Levels[i];
            node.Levels[i].Forward = prev.Forward;
            prev.Forward = node;
            node.Levels[i].Span = prev.Span - (_rank[0] - _rank[i]);
            prev.Span = _rank[0] - _rank[i] + 1;
        }

        for (int i = level; i < _level; i++)
        {
            _update[i].Levels[i].Span++;
        }

        node.Previous = _update[0] == _header ? null : _update[0];
        if (node.Levels[0].Forward is { } after)
        {
            after.Previous = node;
        }
        else
        {
            _tail = node;
        }

        Count++;
        ClearScratch();
        return node;
    }

    /// <summary>Removes the element with this score and member; false if there is none.</summary>
    public bool Delete(double score, ReadOnlySpan<byte> member)
    {
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && Less(next, score, member))
            {
                x = next;
            }

            _update[i] = x;
        }

        SkipListNode? target = x.Levels[0].Forward;
        if (target is null || target.Score != score || !target.Member.AsSpan().SequenceEqual(member))
        {
            ClearScratch();
            return false;
        }

        Unlink(target);
        ClearScratch();
        return true;
    }

    /// <summary>The 1-based rank of the element with this score and member, or 0 when it is absent.</summary>
    public long Rank(double score, ReadOnlySpan<byte> member)
    {
        long rank = 0;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && Compare(next, score, member) <= 0)
            {
                rank += x.Levels[i].Span;
                x = next;
            }

            if (x != _header && x.Score == score && x.Member.AsSpan().SequenceEqual(member))
            {
                return rank;
            }
        }

        return 0;
    }

    /// <summary>The element at 1-based <paramref name="rank"/>, or null when out of range.</summary>
    public SkipListNode? ByRank(long rank)
    {
        if (rank < 1 || rank > Count)
        {
            return null;
        }

        long traversed = 0;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && traversed + x.Levels[i].Span <= rank)
            {
                traversed += x.Levels[i].Span;
                x = next;
            }

            if (traversed == rank)
            {
                return x;
            }
        }

        return null;
    }

    /// <summary>The first element inside <paramref name="range"/> (a lex range is meaningful when all scores are equal), or null.</summary>
    public SkipListNode? FirstIn<TRange>(in TRange range)
        where TRange : struct, ISkipListRange
    {
        if (!MayOverlap(range))
        {
            return null;
        }

        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next))
            {
                x = next;
            }
        }

        SkipListNode? candidate = x.Levels[0].Forward;
        return candidate is not null && range.BelowMax(candidate) ? candidate : null;
    }

    /// <summary>The last element inside <paramref name="range"/>, or null.</summary>
    public SkipListNode? LastIn<TRange>(in TRange range)
        where TRange : struct, ISkipListRange
    {
        if (!MayOverlap(range))
        {
            return null;
        }

        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.BelowMax(next))
            {
                x = next;
            }
        }

        return x != _header && range.AboveMin(x) ? x : null;
    }

    private bool MayOverlap<TRange>(in TRange range)
        where TRange : struct, ISkipListRange =>
        !range.IsEmpty && _tail is not null && range.AboveMin(_tail) && First is { } first && range.BelowMax(first);

    private void Unlink(SkipListNode node)
    {
        for (int i = 0; i < _level; i++)
        {
            ref SkipListNode.Level prev = ref _update[i].Levels[i];
            if (prev.Forward == node)
            {
                prev.Span += node.Levels[i].Span - 1;
                prev.Forward = node.Levels[i].Forward;
            }
            else
            {
                prev.Span--;
            }
        }

        if (node.Levels[0].Forward is { } after)
        {
            after.Previous = node.Previous;
        }
        else
        {
            _tail = node.Previous;
        }

        while (_level > 1 && _header.Levels[_level - 1].Forward is null)
        {
            _level--;
        }

        Count--;
    }

    // The update path must not keep removed nodes alive.
    private void ClearScratch() => Array.Clear(_update);

    private static bool Less(SkipListNode node, double score, ReadOnlySpan<byte> member) => Compare(node, score, member) < 0;

    private static int Compare(SkipListNode node, double score, ReadOnlySpan<byte> member) =>
        node.Score < score ? -1 : node.Score > score ? 1 : node.Member.AsSpan().SequenceCompareTo(member);

    private int RandomLevel()
    {
        int level = 1;
        while (level < MaxLevel)
        {
            // xorshift32: cheap, and the level distribution is all that matters here.
            _random ^= _random << 13;
            _random ^= _random >> 17;
            _random ^= _random << 5;
            if ((_random & 3) != 0)
            {
                break;
            }

            level++;
        }

        return level;
    }
}
