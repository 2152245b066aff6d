using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Blocking;

/// <summary>
/// The pops of the blocking commands, from one key known to hold the right type: shared by a command that finds data at
/// once and by a blocked client served later. Each replies as Redis 7.0 does and propagates the non-blocking
/// equivalent Redis propagates (LPOP key, LPOP key n, LMOVE, RPOPLPUSH, ZPOPMIN key, ZPOPMIN key n).
/// </summary>
internal static class BlockingPops
{
    /// <summary>BLPOP / BRPOP / BLMPOP from a list.</summary>
    /// <remarks><paramref name="count"/> is BLMPOP's COUNT, or 0 for BLPOP / BRPOP's single element.</remarks>
    public static void PopList(KeyspaceEngine ks, Database db, int slot, ReadOnlySpan<byte> key, bool fromLeft, long count, RespWriter reply)
    {
        var list = (ListValue)db.EntryAt(slot).Value;
        bool multi = count > 0;
        int n = multi ? (int)Math.Min(count, list.Count) : 1;
        long before = list.MemoryBytes;
        reply.WriteArrayHeader(2);
        reply.WriteBulkString(key);
        if (multi) reply.WriteArrayHeader(n);
        for (int i = 0; i < n; i++)
        {
            reply.WriteBulkString(fromLeft ? list.PopFront() : list.PopBack());
        }

        ks.AdjustMemory(list.MemoryBytes - before);
        if (list.Count == 0) ks.RemoveKey(db, slot);
        ks.Stats.Dirty++;
        if (!ks.HasEffects) return;
        ks.EffectBegin(db.Id, multi ? 3 : 2);
        ks.EffectArg(fromLeft ? "LPOP"u8 : "RPOP"u8);
        ks.EffectArg(key);
        if (multi) ks.EffectArg(n);
    }

    /// <summary>
    /// BLMOVE / BRPOPLPUSH: false, after replying WRONGTYPE and popping nothing, when the destination holds another type.
    /// <paramref name="fromWord"/> and <paramref name="toWord"/> are the ends as LMOVE's effect spells them.
    /// </summary>
    public static bool MoveList(KeyspaceEngine ks, Database db, ReadOnlySpan<byte> key, in ListMove move, RespWriter reply,
        ReadOnlySpan<byte> fromWord, ReadOnlySpan<byte> toWord)
    {
        ReadOnlySpan<byte> destination = move.Destination;
        int dstSlot = ks.Lookup(db, destination);
        ListValue? dst = null;
        if (dstSlot >= 0)
        {
            dst = db.EntryAt(dstSlot).Value as ListValue;
            if (dst is null)
            {
                reply.WriteError(Commands.Errors.WrongType);
                return false;
            }
        }

        // The source's slot may have moved if the destination lookup expired a key: look it up again.
        int srcSlot = db.Find(key);
        var src = (ListValue)db.EntryAt(srcSlot).Value;
        long before = src.MemoryBytes;
        byte[] item = move.FromLeft ? src.PopFront() : src.PopBack();
        ks.AdjustMemory(src.MemoryBytes - before);
        bool same = ReferenceEquals(src, dst);
        if (src.Count == 0 && !same) ks.RemoveKey(db, srcSlot);
        if (dst is null)
        {
            dst = new ListValue();
            dst.PushBack(item);
            ks.AddKey(db, destination, dst);
        }
        else
        {
            before = dst.MemoryBytes;
            if (move.ToLeft) dst.PushFront(item);
            else dst.PushBack(item);
            ks.AdjustMemory(dst.MemoryBytes - before);
        }

        ks.Stats.Dirty++;
        reply.WriteBulkString(item);
        if (!ks.HasEffects) return true;
        if (move.IsRPopLPush)
        {
            ks.EffectBegin(db.Id, 3);
            ks.EffectArg("RPOPLPUSH"u8);
            ks.EffectArg(key);
            ks.EffectArg(destination);
        }
        else
        {
            ks.EffectBegin(db.Id, 5);
            ks.EffectArg("LMOVE"u8);
            ks.EffectArg(key);
            ks.EffectArg(destination);
            ks.EffectArg(fromWord);
            ks.EffectArg(toWord);
        }

        return true;
    }

    /// <summary>BZPOPMIN / BZPOPMAX / BZMPOP from a sorted set.</summary>
    /// <remarks><paramref name="count"/> is BZMPOP's COUNT, or 0 for BZPOPMIN / BZPOPMAX's single member.</remarks>
    public static void PopSortedSet(KeyspaceEngine ks, Database db, int slot, ReadOnlySpan<byte> key, bool min, long count, RespWriter reply)
    {
        var zset = (SortedSetValue)db.EntryAt(slot).Value;
        bool multi = count > 0;
        int n = multi ? (int)Math.Min(count, zset.Count) : 1;
        long before = zset.MemoryBytes;
        reply.WriteArrayHeader(multi ? 2 : 3);
        reply.WriteBulkString(key);
        if (multi) reply.WriteArrayHeader(n);
        for (int i = 0; i < n; i++)
        {
            SkipListNode node = min ? zset.Ordered.First! : zset.Ordered.Last!;
            byte[] member = node.Member;
            double score = node.Score;
            zset.RemoveMember(member);
            if (multi) reply.WriteArrayHeader(2);
            reply.WriteBulkString(member);
            reply.WriteScore(score);
        }

        ks.AdjustMemory(zset.MemoryBytes - before);
        if (zset.Count == 0) ks.RemoveKey(db, slot);
        ks.Stats.Dirty += n;
        if (!ks.HasEffects) return;
        ks.EffectBegin(db.Id, multi ? 3 : 2);
        ks.EffectArg(min ? "ZPOPMIN"u8 : "ZPOPMAX"u8);
        ks.EffectArg(key);
        if (multi) ks.EffectArg(n);
    }
}

/// <summary>BLMOVE / BRPOPLPUSH's move: where the element goes and from which end to which.</summary>
internal readonly ref struct ListMove(ReadOnlySpan<byte> destination, bool fromLeft, bool toLeft, bool isRPopLPush)
{
    public ReadOnlySpan<byte> Destination { get; } = destination;

    public bool FromLeft { get; } = fromLeft;

    public bool ToLeft { get; } = toLeft;

    public bool IsRPopLPush { get; } = isRPopLPush;
}
