namespace ActorReplication.Cache.Keyspace;

/// <summary>An interval of a <see cref="SortedSetSkipList"/>'s order: by score (<see cref="ScoreRange"/>) or by member (<see cref="LexRange"/>).</summary>
public interface ISkipListRange
{
    /// <summary>True when nothing can fall inside.</summary>
    bool IsEmpty { get; }

    bool AboveMin(SkipListNode node);

    bool BelowMax(SkipListNode node);
}
