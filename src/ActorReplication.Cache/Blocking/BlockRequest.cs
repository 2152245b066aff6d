namespace ActorReplication.Cache.Blocking;

/// <summary>
/// What a blocking command found no data for and now waits for: its keys (copied out of the request, in the order
/// given, without repeats), which end it pops from, and how long it may wait. Built by the command, kept by the
/// <see cref="BlockedKeys"/> registry until a push serves it, its timeout passes, or its client goes away.
/// </summary>
public sealed class BlockRequest
{
    public BlockRequest(BlockKind kind, byte[][] keys, bool fromLeft, long count, long timeoutMs)
    {
        Kind = kind;
        Keys = keys;
        FromLeft = fromLeft;
        Count = count;
        TimeoutMs = timeoutMs;
    }

    public BlockKind Kind { get; }

    public byte[][] Keys { get; }

    /// <summary>Lists: pop from the head (LEFT); sorted sets: pop the lowest scores (MIN).</summary>
    public bool FromLeft { get; }

    /// <summary>How many elements a multi-pop takes at most (1 for the single pops).</summary>
    public long Count { get; }

    /// <summary>Milliseconds to wait; 0 waits for ever (Redis's 0).</summary>
    public long TimeoutMs { get; }

    /// <summary>BLMOVE / BRPOPLPUSH: where the element goes.</summary>
    public byte[]? Destination { get; init; }

    /// <summary>BLMOVE / BRPOPLPUSH: pushed at the destination's head.</summary>
    public bool ToLeft { get; init; }

    /// <summary>BRPOPLPUSH (propagated as RPOPLPUSH) rather than BLMOVE (propagated as LMOVE).</summary>
    public bool IsRPopLPush { get; init; }
}
