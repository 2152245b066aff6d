namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// A Redis sorted set: member → score on a stable-slot table (O(1) ZSCORE, ZSCAN cursors are slots, ZRANDMEMBER
/// samples slots) and the same members in a <see cref="SortedSetSkipList"/> by (score, member) for rank and range.
/// Both share each member's array. Mutate only through <see cref="Add"/>, <see cref="SetScore"/> and <see cref="RemoveMember"/>.
/// </summary>
public sealed class SortedSetValue : ByteTable<double>
{
    // Per element beyond the table entry: the node object, its level array (1.33 levels on average) and links.
    private const long NodeCost = 24 + 8 + 8 + 8 + 8 + 32 + 16;

    public SortedSetValue(int capacity = 4)
        : base(capacity)
    {
    }

    public SortedSetSkipList Ordered { get; } = new();

    public new long MemoryBytes => 32L + base.MemoryBytes + (Count * NodeCost);

    /// <summary>Adds a member that is not in the set.</summary>
    public void Add(ReadOnlySpan<byte> member, double score)
    {
        score = WithoutNegativeZero(score);
        byte[] copy = member.ToArray();
        AddNew(copy, score);
        Ordered.Insert(score, copy);
    }

    /// <summary>Moves an existing member (in <paramref name="slot"/>) to <paramref name="score"/>.</summary>
    public void SetScore(int slot, double score)
    {
        score = WithoutNegativeZero(score);
        ref double current = ref ValueAt(slot);
        if (current == score)
        {
            return;
        }

        byte[] member = KeyAt(slot)!;
        Ordered.Delete(current, member);
        Ordered.Insert(score, member);
        current = score;
    }

    /// <summary>Removes a member; false when it is not in the set.</summary>
    public bool RemoveMember(ReadOnlySpan<byte> member)
    {
        if (!Remove(member, out double score))
        {
            return false;
        }

        Ordered.Delete(score, member);
        return true;
    }

    // -0 sorts with 0 and Redis 7.0 replies "0" for it (its compact encoding keeps the score as text).
    private static double WithoutNegativeZero(double score) => score == 0 ? 0 : score;

    /// <summary>The 0-based rank of a member from the lowest score (or from the highest with <paramref name="reverse"/>), or -1.</summary>
    public long RankOf(ReadOnlySpan<byte> member, bool reverse)
    {
        if (!TryGetValue(member, out double score))
        {
            return -1;
        }

        long rank = Ordered.Rank(score, member) - 1;
        return reverse ? Count - 1 - rank : rank;
    }
}
