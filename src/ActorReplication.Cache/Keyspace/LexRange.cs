namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// A ZRANGEBYLEX interval over members: each end is <c>-</c> (below everything), <c>+</c> (above everything), or a
/// member inclusive (<c>[a</c>) or exclusive (<c>(a</c>). Ends are stored as their member bytes plus flags.
/// </summary>
public readonly record struct LexRange(byte[] Min, byte[] Max, bool MinExclusive, bool MaxExclusive, bool MinIsNegativeInfinity, bool MinIsPositiveInfinity, bool MaxIsNegativeInfinity, bool MaxIsPositiveInfinity) : ISkipListRange
{
    public bool AboveMin(SkipListNode node) => AboveMin(node.Member);

    public bool BelowMax(SkipListNode node) => BelowMax(node.Member);

    public bool AboveMin(ReadOnlySpan<byte> member)
    {
        if (MinIsNegativeInfinity)
        {
            return true;
        }

        if (MinIsPositiveInfinity)
        {
            return false;
        }

        int c = member.SequenceCompareTo(Min);
        return MinExclusive ? c > 0 : c >= 0;
    }

    public bool BelowMax(ReadOnlySpan<byte> member)
    {
        if (MaxIsPositiveInfinity)
        {
            return true;
        }

        if (MaxIsNegativeInfinity)
        {
            return false;
        }

        int c = member.SequenceCompareTo(Max);
        return MaxExclusive ? c < 0 : c <= 0;
    }

    /// <summary>True when no member can fall inside.</summary>
    public bool IsEmpty
    {
        get
        {
            if (MinIsPositiveInfinity || MaxIsNegativeInfinity)
            {
                return true;
            }

            if (MinIsNegativeInfinity || MaxIsPositiveInfinity)
            {
                return false;
            }

            int c = Min.AsSpan().SequenceCompareTo(Max);
            return c > 0 || (c == 0 && (MinExclusive || MaxExclusive));
        }
    }
}
