namespace ActorReplication.Cache.Keyspace;

/// <summary>One element of a <see cref="SortedSetSkipList"/>: its member, score and links.</summary>
public sealed class SkipListNode
{
    internal SkipListNode(int levels, double score, byte[] member)
    {
        Levels = new Level[levels];
        Score = score;
        Member = member;
    }

    public byte[] Member { get; }

    public double Score { get; internal set; }

    /// <summary>The next element in (score, member) order, or null after the last.</summary>
    public SkipListNode? Next => Levels[0].Forward;

    /// <summary>The previous element, or null before the first.</summary>
    public SkipListNode? Previous { get; internal set; }

    internal Level[] Levels { get; }

    /// <summary>A forward link and how many level-0 steps it spans (what makes rank O(log n)).</summary>
    internal struct Level
    {
        public SkipListNode? Forward;
        public long Span;
    }
}
