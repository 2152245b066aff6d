namespace ActorReplication.Cache.Blocking;

/// <summary>What a blocking command does once one of its keys holds data, which decides its reply and its effect.</summary>
public enum BlockKind
{
    /// <summary>BLPOP / BRPOP: one element, replied as [key, element], propagated as LPOP / RPOP key.</summary>
    ListPop,

    /// <summary>BLMPOP: up to COUNT elements, replied as [key, [elements]], propagated as LPOP / RPOP key n.</summary>
    ListMultiPop,

    /// <summary>BLMOVE / BRPOPLPUSH: one element moved to the destination, replied as the element.</summary>
    ListMove,

    /// <summary>BZPOPMIN / BZPOPMAX: one member, replied as [key, member, score], propagated as ZPOPMIN / ZPOPMAX key.</summary>
    SortedSetPop,

    /// <summary>BZMPOP: up to COUNT members, replied as [key, [[member, score]...]], propagated as ZPOPMIN / ZPOPMAX key n.</summary>
    SortedSetMultiPop,
}
