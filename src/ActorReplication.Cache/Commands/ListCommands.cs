using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>
/// List commands: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LRANGE LLEN LINDEX LSET LREM LTRIM LINSERT LPOS LMOVE RPOPLPUSH
/// LMPOP. The blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are in <see cref="BlockingCommands"/>.
/// </summary>
public static class ListCommands
{
    public static void LPush(ref CommandContext c) => Push(ref c, front: true, onlyIfExists: false);

    public static void RPush(ref CommandContext c) => Push(ref c, front: false, onlyIfExists: false);

    public static void LPushX(ref CommandContext c) => Push(ref c, front: true, onlyIfExists: true);

    public static void RPushX(ref CommandContext c) => Push(ref c, front: false, onlyIfExists: true);

    private static void Push(ref CommandContext c, bool front, bool onlyIfExists)
    {
        int slot = c.LookupWrite(1);
        ListValue list;
        if (slot < 0)
        {
            if (onlyIfExists)
            {
                c.Reply.WriteInteger(0);
                return;
            }

            list = new ListValue();
            c.Ks.AddKey(c.Db, c.Arg(1), list);
        }
        else if (c.ValueAt(slot) is ListValue l)
        {
            list = l;
        }
        else
        {
            c.WrongType();
            return;
        }

        long before = list.MemoryBytes;
        for (int j = 2; j < c.ArgCount; j++)
        {
            byte[] item = c.Arg(j).ToArray();
            if (front)
            {
                list.PushFront(item);
            }
            else
            {
                list.PushBack(item);
            }
        }

        c.Ks.AdjustMemory(list.MemoryBytes - before);
        c.Dirty(c.ArgCount - 2);
        c.Reply.WriteInteger(list.Count);
        c.PropagateVerbatim();
    }

    public static void LPop(ref CommandContext c) => Pop(ref c, front: true, "ERR wrong number of arguments for 'lpop' command");

    public static void RPop(ref CommandContext c) => Pop(ref c, front: false, "ERR wrong number of arguments for 'rpop' command");

    private static void Pop(ref CommandContext c, bool front, string arityError)
    {
        if (c.ArgCount > 3)
        {
            c.Reply.WriteError(arityError);
            return;
        }

        bool hasCount = c.ArgCount == 3;
        long count = 1;
        if (hasCount)
        {
            if (!CommandHelpers.TryGetPositiveLong(ref c, 2, out count))
            {
                return;
            }
        }

        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            if (hasCount)
            {
                c.Reply.WriteNullArray();
            }
            else
            {
                c.Reply.WriteNull();
            }

            return;
        }

        if (c.ValueAt(slot) is not ListValue list)
        {
            c.WrongType();
            return;
        }

        if (hasCount && count == 0)
        {
            c.Reply.WriteEmptyArray();
            return;
        }

        long before = list.MemoryBytes;
        if (!hasCount)
        {
            c.Reply.WriteBulkString(front ? list.PopFront() : list.PopBack());
        }
        else
        {
            int n = (int)Math.Min(count, list.Count);
            c.Reply.WriteArrayHeader(n);
            for (int k = 0; k < n; k++)
            {
                c.Reply.WriteBulkString(front ? list.PopFront() : list.PopBack());
            }
        }

        c.Ks.AdjustMemory(list.MemoryBytes - before);
        if (list.Count == 0)
        {
            c.Ks.RemoveKey(c.Db, slot);
        }

        c.Dirty();
        c.PropagateVerbatim();
    }


    public static void LRange(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long start) || !c.Cmd.TryGetLong(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (!c.TryGetForRead(1, out ListValue list, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteEmptyArray();
            }

            return;
        }

        if (!CommandHelpers.NormalizeRange(start, end, list.Count, out int from, out int to))
        {
            c.Reply.WriteEmptyArray();
            return;
        }

        c.Reply.WriteArrayHeader(to - from + 1);
        for (int i = from; i <= to; i++)
        {
            c.Reply.WriteBulkString(list[i]);
        }
    }

    public static void LLen(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out ListValue list, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        c.Reply.WriteInteger(list.Count);
    }

    public static void LIndex(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out ListValue list, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteNull();
            }

            return;
        }

        if (!c.Cmd.TryGetLong(2, out long index))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (index < 0)
        {
            index += list.Count;
        }

        if (index < 0 || index >= list.Count)
        {
            c.Reply.WriteNull();
            return;
        }

        c.Reply.WriteBulkString(list[(int)index]);
    }

    public static void LSet(ref CommandContext c)
    {
        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Error(Errors.NoSuchKey);
            return;
        }

        if (c.ValueAt(slot) is not ListValue list)
        {
            c.WrongType();
            return;
        }

        if (!c.Cmd.TryGetLong(2, out long index))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (index < 0)
        {
            index += list.Count;
        }

        if (index < 0 || index >= list.Count)
        {
            c.Error(Errors.IndexOutOfRange);
            return;
        }

        long before = list.MemoryBytes;
        list[(int)index] = c.Arg(3).ToArray();
        c.Ks.AdjustMemory(list.MemoryBytes - before);
        c.Dirty();
        c.Reply.WriteOk();
        c.PropagateVerbatim();
    }

    public static void LRem(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long count))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        if (c.ValueAt(slot) is not ListValue list)
        {
            c.WrongType();
            return;
        }

        long before = list.MemoryBytes;
        int removed = list.RemoveMatches(c.Arg(3), count);
        c.CompleteRemoval(slot, before, list.MemoryBytes, list.Count == 0, removed);
    }

    public static void LTrim(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long start) || !c.Cmd.TryGetLong(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteOk();
            return;
        }

        if (c.ValueAt(slot) is not ListValue list)
        {
            c.WrongType();
            return;
        }

        int length = list.Count;
        long before = list.MemoryBytes;
        int removed;
        if (!CommandHelpers.NormalizeRange(start, end, length, out int from, out int to))
        {
            removed = length;
            c.Ks.RemoveKey(c.Db, slot);
        }
        else
        {
            removed = length - (to - from + 1);
            if (removed > 0)
            {
                list.Trim(from, to);
                c.Ks.AdjustMemory(list.MemoryBytes - before);
            }
        }

        c.Reply.WriteOk();
        if (removed > 0)
        {
            c.Dirty(removed);
            c.PropagateVerbatim();
        }
    }

    public static void LInsert(ref CommandContext c)
    {
        bool after;
        if (c.ArgIs(2, "AFTER"u8))
        {
            after = true;
        }
        else if (c.ArgIs(2, "BEFORE"u8))
        {
            after = false;
        }
        else
        {
            c.Error(Errors.Syntax);
            return;
        }

        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        if (c.ValueAt(slot) is not ListValue list)
        {
            c.WrongType();
            return;
        }

        ReadOnlySpan<byte> pivot = c.Arg(3);
        int index = -1;
        for (int i = 0; i < list.Count; i++)
        {
            if (pivot.SequenceEqual(list[i]))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            c.Reply.WriteInteger(-1);
            return;
        }

        long before = list.MemoryBytes;
        InsertAt(list, after ? index + 1 : index, c.Arg(4).ToArray());
        c.Ks.AdjustMemory(list.MemoryBytes - before);
        c.Dirty();
        c.Reply.WriteInteger(list.Count);
        c.PropagateVerbatim();
    }

    /// <summary>Inserts at <paramref name="position"/> (0..Count) by popping and re-pushing the shorter side.</summary>
    private static void InsertAt(ListValue list, int position, byte[] item)
    {
        int count = list.Count;
        if (position <= count / 2)
        {
            var moved = new byte[position][];
            for (int k = 0; k < position; k++)
            {
                moved[k] = list.PopFront();
            }

            list.PushFront(item);
            for (int k = position - 1; k >= 0; k--)
            {
                list.PushFront(moved[k]);
            }
        }
        else
        {
            int tail = count - position;
            var moved = new byte[tail][];
            for (int k = 0; k < tail; k++)
            {
                moved[k] = list.PopBack();
            }

            list.PushBack(item);
            for (int k = tail - 1; k >= 0; k--)
            {
                list.PushBack(moved[k]);
            }
        }
    }

    public static void LPos(ref CommandContext c)
    {
        long rank = 1, count = -1, maxLen = 0;
        for (int j = 3; j < c.ArgCount; j++)
        {
            bool hasValue = j + 1 < c.ArgCount;
            if (c.ArgIs(j, "RANK"u8) && hasValue)
            {
                if (!c.Cmd.TryGetLong(j + 1, out rank))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (rank == 0)
                {
                    c.Error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"u8);
                    return;
                }
            }
            else if (c.ArgIs(j, "COUNT"u8) && hasValue)
            {
                if (!c.Cmd.TryGetLong(j + 1, out count))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (count < 0)
                {
                    c.Error("ERR COUNT can't be negative"u8);
                    return;
                }
            }
            else if (c.ArgIs(j, "MAXLEN"u8) && hasValue)
            {
                if (!c.Cmd.TryGetLong(j + 1, out maxLen))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (maxLen < 0)
                {
                    c.Error("ERR MAXLEN can't be negative"u8);
                    return;
                }
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }

            j++;
        }

        bool withCount = count >= 0;
        if (!c.TryGetForRead(1, out ListValue list, out bool missing))
        {
            if (missing)
            {
                if (withCount)
                {
                    c.Reply.WriteEmptyArray();
                }
                else
                {
                    c.Reply.WriteNull();
                }
            }

            return;
        }

        // A negative rank searches from the tail; Redis's -LONG_MIN overflow makes RANK LONG_MIN the first match from the tail.
        bool fromTail = rank < 0;
        long skip = rank == long.MinValue ? 0 : Math.Abs(rank) - 1;
        long wanted = withCount && count > 0 ? count : withCount ? long.MaxValue : 1;
        ReadOnlySpan<byte> element = c.Arg(2);
        var positions = new List<long>();
        long matches = 0;
        int n = list.Count;
        long limit = maxLen == 0 ? n : Math.Min(maxLen, n);
        for (int k = 0; k < limit && positions.Count < wanted; k++)
        {
            int index = fromTail ? n - 1 - k : k;
            if (element.SequenceEqual(list[index]) && matches++ >= skip)
            {
                positions.Add(index);
            }
        }

        if (withCount)
        {
            c.Reply.WriteArrayHeader(positions.Count);
            foreach (long p in positions)
            {
                c.Reply.WriteInteger(p);
            }
        }
        else if (positions.Count == 0)
        {
            c.Reply.WriteNull();
        }
        else
        {
            c.Reply.WriteInteger(positions[0]);
        }
    }

    private static bool TryParseEnd(ref CommandContext c, int arg, out bool left)
    {
        left = c.ArgIs(arg, "LEFT"u8);
        if (left || c.ArgIs(arg, "RIGHT"u8))
        {
            return true;
        }

        c.Error(Errors.Syntax);
        return false;
    }

    public static void LMove(ref CommandContext c)
    {
        if (!TryParseEnd(ref c, 3, out bool fromLeft) || !TryParseEnd(ref c, 4, out bool toLeft))
        {
            return;
        }

        MoveElement(ref c, fromLeft, toLeft);
    }

    public static void RPopLPush(ref CommandContext c) => MoveElement(ref c, fromLeft: false, toLeft: true);

    /// <summary>LMOVE / RPOPLPUSH: pops from the source's end, pushes to the destination's; propagated as itself.</summary>
    private static void MoveElement(ref CommandContext c, bool fromLeft, bool toLeft)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int srcSlot = c.LookupWrite(1);
        if (srcSlot < 0)
        {
            c.Reply.WriteNull();
            return;
        }

        if (c.ValueAt(srcSlot) is not ListValue src)
        {
            c.WrongType();
            return;
        }

        int dstSlot = c.LookupWrite(2);
        ListValue? dst = null;
        if (dstSlot >= 0)
        {
            dst = c.ValueAt(dstSlot) as ListValue;
            if (dst is null)
            {
                c.WrongType();
                return;
            }
        }

        long before = src.MemoryBytes;
        byte[] item = fromLeft ? src.PopFront() : src.PopBack();
        ks.AdjustMemory(src.MemoryBytes - before);
        if (dst is null)
        {
            // The destination is created with the element (the memory of the new list is counted by AddKey).
            dst = new ListValue();
            dst.PushBack(item);
            ks.AddKey(db, c.Arg(2), dst);
        }
        else
        {
            before = dst.MemoryBytes;
            if (toLeft)
            {
                dst.PushFront(item);
            }
            else
            {
                dst.PushBack(item);
            }

            ks.AdjustMemory(dst.MemoryBytes - before);
        }

        if (src.Count == 0)
        {
            ks.RemoveKey(db, srcSlot);
        }

        c.Dirty();
        c.Reply.WriteBulkString(item);
        c.PropagateVerbatim();
    }

    /// <summary>LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops from the first non-empty list; propagated as LPOP/RPOP key count.</summary>
    public static void LMPop(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(1, out long numKeys) || numKeys <= 0)
        {
            c.Error("ERR numkeys should be greater than 0"u8);
            return;
        }

        if (numKeys > c.ArgCount - 3)
        {
            c.Error(Errors.Syntax);
            return;
        }

        int keys = (int)numKeys;
        if (!TryParseEnd(ref c, 2 + keys, out bool left))
        {
            return;
        }

        long count = 1;
        bool countSeen = false;
        for (int j = 3 + keys; j < c.ArgCount; j++)
        {
            if (!countSeen && c.ArgIs(j, "COUNT"u8) && j + 1 < c.ArgCount)
            {
                if (!c.Cmd.TryGetLong(j + 1, out count) || count <= 0)
                {
                    c.Error("ERR count should be greater than 0"u8);
                    return;
                }

                countSeen = true;
                j++;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        for (int k = 2; k < 2 + keys; k++)
        {
            int slot = c.LookupWrite(k);
            if (slot < 0)
            {
                continue;
            }

            if (c.ValueAt(slot) is not ListValue list)
            {
                c.WrongType();
                return;
            }

            int n = (int)Math.Min(count, list.Count);
            long before = list.MemoryBytes;
            c.Reply.WriteArrayHeader(2);
            c.Reply.WriteBulkString(c.Arg(k));
            c.Reply.WriteArrayHeader(n);
            for (int i = 0; i < n; i++)
            {
                c.Reply.WriteBulkString(left ? list.PopFront() : list.PopBack());
            }

            ks.AdjustMemory(list.MemoryBytes - before);
            if (list.Count == 0)
            {
                ks.RemoveKey(db, slot);
            }

            c.Dirty();
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 3);
                ks.EffectArg(left ? "LPOP"u8 : "RPOP"u8);
                ks.EffectArg(c.Arg(k));
                ks.EffectArg(n);
            }

            return;
        }

        c.Reply.WriteNullArray();
    }
}
