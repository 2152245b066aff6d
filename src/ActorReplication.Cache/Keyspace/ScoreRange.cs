namespace ActorReplication.Cache.Keyspace;

/// <summary>A ZRANGEBYSCORE interval: <c>min</c>/<c>max</c>, each inclusive or exclusive (<c>(1.5</c>).</summary>
public readonly record struct ScoreRange(double Min, double Max, bool MinExclusive, bool MaxExclusive) : ISkipListRange
{
    public bool AboveMin(SkipListNode node) => AboveMin(node.Score);

    public bool BelowMax(SkipListNode node) => BelowMax(node.Score);

    public bool AboveMin(double score) => MinExclusive ? score > Min : score >= Min;

    public bool BelowMax(double score) => MaxExclusive ? score < Max : score <= Max;

    /// <summary>True when no score can fall inside (Redis answers such ranges without looking).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));
}
