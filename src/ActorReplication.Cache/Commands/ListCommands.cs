using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>List commands: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LRANGE LLEN LINDEX LSET LREM LTRIM.</summary>
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
            if (!c.Cmd.TryGetLong(2, out count))
            {
                c.Error(Errors.NotInteger);
                return;
            }

            if (count < 0)
            {
                c.Error(Errors.MustBePositive);
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
        c.Ks.AdjustMemory(list.MemoryBytes - before);
        if (list.Count == 0)
        {
            c.Ks.RemoveKey(c.Db, slot);
        }

        c.Reply.WriteInteger(removed);
        if (removed > 0)
        {
            c.Dirty(removed);
            c.PropagateVerbatim();
        }
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
}
