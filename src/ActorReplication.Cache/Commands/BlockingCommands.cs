using ActorReplication.Cache.Blocking;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>
/// BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN BZPOPMAX BZMPOP, and ZMPOP (BZMPOP without the wait). Each checks its
/// arguments in Redis 7.0's order (the timeout before any key, except the MPOP forms, which read it last), pops at once
/// when a key holds data, and otherwise asks the engine to block the client
/// (<see cref="KeyspaceEngine.RequestBlock"/>). Where a client cannot block (inside MULTI/EXEC, a client that is not a
/// RESP connection) the command answers as a timeout would at once: a null array, or a null bulk for BLMOVE and
/// BRPOPLPUSH, as Redis does.
/// </summary>
public static class BlockingCommands
{
    public static void BLPop(ref CommandContext c) => ListPop(ref c, left: true);

    public static void BRPop(ref CommandContext c) => ListPop(ref c, left: false);

    public static void BZPopMin(ref CommandContext c) => SortedSetPop(ref c, min: true);

    public static void BZPopMax(ref CommandContext c) => SortedSetPop(ref c, min: false);

    /// <summary>BLPOP / BRPOP key [key ...] timeout: the first key holding a list is popped; a key of another type is WRONGTYPE.</summary>
    private static void ListPop(ref CommandContext c, bool left)
    {
        if (!TryTimeout(ref c, c.ArgCount - 1, out long timeoutMs)) return;
        for (int k = 1; k < c.ArgCount - 1; k++)
        {
            int slot = c.LookupWrite(k);
            if (slot < 0) continue;
            if (c.ValueAt(slot) is not ListValue)
            {
                c.WrongType();
                return;
            }

            BlockingPops.PopList(c.Ks, c.Db, slot, c.Arg(k), left, 0, c.Reply);
            return;
        }

        Block(ref c, new BlockRequest(BlockKind.ListPop, Keys(ref c, 1, c.ArgCount - 2), left, 1, timeoutMs));
    }

    /// <summary>BZPOPMIN / BZPOPMAX key [key ...] timeout.</summary>
    private static void SortedSetPop(ref CommandContext c, bool min)
    {
        if (!TryTimeout(ref c, c.ArgCount - 1, out long timeoutMs)) return;
        for (int k = 1; k < c.ArgCount - 1; k++)
        {
            int slot = c.LookupWrite(k);
            if (slot < 0) continue;
            if (c.ValueAt(slot) is not SortedSetValue)
            {
                c.WrongType();
                return;
            }

            BlockingPops.PopSortedSet(c.Ks, c.Db, slot, c.Arg(k), min, 0, c.Reply);
            return;
        }

        Block(ref c, new BlockRequest(BlockKind.SortedSetPop, Keys(ref c, 1, c.ArgCount - 2), min, 1, timeoutMs));
    }

    /// <summary>BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout.</summary>
    public static void BLMove(ref CommandContext c)
    {
        if (!TryEnd(ref c, 3, "LEFT"u8, "RIGHT"u8, out bool fromLeft) || !TryEnd(ref c, 4, "LEFT"u8, "RIGHT"u8, out bool toLeft)) return;
        if (!TryTimeout(ref c, 5, out long timeoutMs)) return;
        Move(ref c, new ListMove(c.Arg(2), fromLeft, toLeft, isRPopLPush: false), c.Arg(3), c.Arg(4), timeoutMs);
    }

    /// <summary>BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT.</summary>
    public static void BRPopLPush(ref CommandContext c)
    {
        if (!TryTimeout(ref c, 3, out long timeoutMs)) return;
        Move(ref c, new ListMove(c.Arg(2), fromLeft: false, toLeft: true, isRPopLPush: true), "RIGHT"u8, "LEFT"u8, timeoutMs);
    }

    private static void Move(ref CommandContext c, in ListMove move, ReadOnlySpan<byte> fromWord, ReadOnlySpan<byte> toWord, long timeoutMs)
    {
        int slot = c.LookupWrite(1);
        if (slot >= 0)
        {
            if (c.ValueAt(slot) is not ListValue) c.WrongType();
            else BlockingPops.MoveList(c.Ks, c.Db, c.Arg(1), move, c.Reply, fromWord, toWord);
            return;
        }

        var request = new BlockRequest(BlockKind.ListMove, [c.Arg(1).ToArray()], move.FromLeft, 1, timeoutMs)
        {
            Destination = move.Destination.ToArray(),
            ToLeft = move.ToLeft,
            IsRPopLPush = move.IsRPopLPush,
        };
        Block(ref c, request);
    }

    /// <summary>BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count].</summary>
    public static void BLMPop(ref CommandContext c) => MultiPop(ref c, blocking: true, list: true);

    /// <summary>BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count].</summary>
    public static void BZMPop(ref CommandContext c) => MultiPop(ref c, blocking: true, list: false);

    /// <summary>ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: propagated as ZPOPMIN / ZPOPMAX key n.</summary>
    public static void ZMPop(ref CommandContext c) => MultiPop(ref c, blocking: false, list: false);

    private static void MultiPop(ref CommandContext c, bool blocking, bool list)
    {
        int numKeysArg = blocking ? 2 : 1;
        if (!c.Cmd.TryGetLong(numKeysArg, out long numKeys) || numKeys <= 0)
        {
            c.Error("ERR numkeys should be greater than 0"u8);
            return;
        }

        if (numKeys > c.ArgCount - numKeysArg - 2)
        {
            c.Error(Errors.Syntax);
            return;
        }

        int firstKey = numKeysArg + 1;
        int keyCount = (int)numKeys;
        int endArg = firstKey + keyCount;
        bool left;
        if (!(list ? TryEnd(ref c, endArg, "LEFT"u8, "RIGHT"u8, out left) : TryEnd(ref c, endArg, "MIN"u8, "MAX"u8, out left))) return;
        long count = 1;
        bool countSeen = false;
        for (int j = endArg + 1; j < c.ArgCount; j++)
        {
            if (countSeen || !c.ArgIs(j, "COUNT"u8) || j + 1 >= c.ArgCount)
            {
                c.Error(Errors.Syntax);
                return;
            }

            if (!c.Cmd.TryGetLong(j + 1, out count) || count <= 0)
            {
                c.Error("ERR count should be greater than 0"u8);
                return;
            }

            countSeen = true;
            j++;
        }

        long timeoutMs = 0;
        if (blocking && !TryTimeout(ref c, 1, out timeoutMs)) return;
        for (int k = firstKey; k < endArg; k++)
        {
            int slot = c.LookupWrite(k);
            if (slot < 0) continue;
            object value = c.ValueAt(slot);
            if (list ? value is not ListValue : value is not SortedSetValue)
            {
                c.WrongType();
                return;
            }

            if (list) BlockingPops.PopList(c.Ks, c.Db, slot, c.Arg(k), left, count, c.Reply);
            else BlockingPops.PopSortedSet(c.Ks, c.Db, slot, c.Arg(k), left, count, c.Reply);
            return;
        }

        if (!blocking)
        {
            c.Reply.WriteNullArray();
            return;
        }

        var kind = list ? BlockKind.ListMultiPop : BlockKind.SortedSetMultiPop;
        Block(ref c, new BlockRequest(kind, Keys(ref c, firstKey, keyCount), left, count, timeoutMs));
    }

    /// <summary>Nothing to pop: block the client, or answer the timeout's null at once where a client cannot block.</summary>
    private static void Block(ref CommandContext c, BlockRequest request)
    {
        if (c.Ks.MayBlock)
        {
            c.Ks.RequestBlock(request);
        }
        else if (request.Kind == BlockKind.ListMove)
        {
            c.Reply.WriteNull();
        }
        else
        {
            c.Reply.WriteNullArray();
        }
    }

    /// <summary>Copies of <paramref name="count"/> key arguments from <paramref name="first"/> on, each once, in order.</summary>
    private static byte[][] Keys(ref CommandContext c, int first, int count)
    {
        var keys = new List<byte[]>(count);
        for (int k = first; k < first + count; k++)
        {
            ReadOnlySpan<byte> key = c.Arg(k);
            bool seen = false;
            foreach (byte[] earlier in keys)
            {
                if (key.SequenceEqual(earlier))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen) keys.Add(key.ToArray());
        }

        return [.. keys];
    }

    private static bool TryTimeout(ref CommandContext c, int arg, out long timeoutMs)
    {
        if (BlockingTimeout.TryParse(c.Arg(arg), out timeoutMs, out ReadOnlySpan<byte> error)) return true;
        c.Error(error);
        return false;
    }

    private static bool TryEnd(ref CommandContext c, int arg, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, out bool isFirst)
    {
        isFirst = c.ArgIs(arg, first);
        if (isFirst || c.ArgIs(arg, second)) return true;
        c.Error(Errors.Syntax);
        return false;
    }
}
