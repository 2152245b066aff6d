using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>Set commands: SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SINTER SINTERSTORE SINTERCARD SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN SMOVE.</summary>
public static class SetCommands
{

    public static void SAdd(ref CommandContext c)
    {
        int slot = c.LookupWrite(1);
        SetValue set;
        if (slot < 0)
        {
            set = new SetValue();
            c.Ks.AddKey(c.Db, c.Arg(1), set);
        }
        else if (c.ValueAt(slot) is SetValue s)
        {
            set = s;
        }
        else
        {
            c.WrongType();
            return;
        }

        long before = set.MemoryBytes;
        int added = 0;
        for (int j = 2; j < c.ArgCount; j++)
        {
            if (set.Add(c.Arg(j)))
            {
                added++;
            }
        }

        c.Ks.AdjustMemory(set.MemoryBytes - before);
        c.Reply.WriteInteger(added);
        if (added > 0)
        {
            c.Dirty(added);
            c.PropagateVerbatim();
        }
    }

    public static void SRem(ref CommandContext c)
    {
        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        if (c.ValueAt(slot) is not SetValue set)
        {
            c.WrongType();
            return;
        }

        long before = set.MemoryBytes;
        int removed = 0;
        for (int j = 2; j < c.ArgCount && set.Count > 0; j++)
        {
            if (set.Remove(c.Arg(j)))
            {
                removed++;
            }
        }

        c.CompleteRemoval(slot, before, set.MemoryBytes, set.Count == 0, removed);
    }

    public static void SMembers(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out SetValue set, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteSetHeader(0);
            }

            return;
        }

        c.Reply.WriteSetHeader(set.Count);
        for (int s = 0; s < set.SlotLimit; s++)
        {
            byte[]? m = set.KeyAt(s);
            if (m is not null)
            {
                c.Reply.WriteBulkString(m);
            }
        }
    }

    public static void SIsMember(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out SetValue set, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        c.Reply.WriteInteger(set.ContainsKey(c.Arg(2)) ? 1 : 0);
    }

    public static void SMIsMember(ref CommandContext c)
    {
        SetValue? set = null;
        if (c.TryGetForRead(1, out SetValue s, out bool missing))
        {
            set = s;
        }
        else if (!missing)
        {
            return;
        }

        c.Reply.WriteArrayHeader(c.ArgCount - 2);
        for (int j = 2; j < c.ArgCount; j++)
        {
            c.Reply.WriteInteger(set is not null && set.ContainsKey(c.Arg(j)) ? 1 : 0);
        }
    }

    public static void SCard(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out SetValue set, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        c.Reply.WriteInteger(set.Count);
    }

    public static void SPop(ref CommandContext c)
    {
        if (c.ArgCount > 3)
        {
            c.Error(Errors.Syntax);
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        if (c.ArgCount == 2)
        {
            int slot0 = c.LookupWrite(1);
            if (slot0 < 0)
            {
                c.Reply.WriteNull();
                return;
            }

            if (c.ValueAt(slot0) is not SetValue set0)
            {
                c.WrongType();
                return;
            }

            long before0 = set0.MemoryBytes;
            int ms = set0.RandomSlot(ks.Random);
            byte[] member = set0.KeyAt(ms)!;
            set0.RemoveAt(ms);
            ks.AdjustMemory(set0.MemoryBytes - before0);
            if (set0.Count == 0)
            {
                ks.RemoveKey(db, slot0);
            }

            c.Dirty();
            c.Reply.WriteBulkString(member);
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 3);
                ks.EffectArg("SREM"u8);
                ks.EffectArg(c.Arg(1));
                ks.EffectArg(member);
            }

            return;
        }

        if (!CommandHelpers.TryGetPositiveLong(ref c, 2, out long count))
        {
            return;
        }

        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteSetHeader(0);
            return;
        }

        if (c.ValueAt(slot) is not SetValue set)
        {
            c.WrongType();
            return;
        }

        if (count == 0)
        {
            c.Reply.WriteSetHeader(0);
            return;
        }

        c.Dirty();
        if (count >= set.Count)
        {
            // The whole set goes: reply with it and propagate as DEL.
            c.Reply.WriteSetHeader(set.Count);
            for (int s = 0; s < set.SlotLimit; s++)
            {
                byte[]? m = set.KeyAt(s);
                if (m is not null)
                {
                    c.Reply.WriteBulkString(m);
                }
            }

            ks.RemoveKey(db, slot);
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 2);
                ks.EffectArg("DEL"u8);
                ks.EffectArg(c.Arg(1));
            }

            return;
        }

        int n = (int)count;
        var popped = new byte[n][];
        long before = set.MemoryBytes;
        for (int k = 0; k < n; k++)
        {
            int ms = set.RandomSlot(ks.Random);
            popped[k] = set.KeyAt(ms)!;
            set.RemoveAt(ms);
        }

        ks.AdjustMemory(set.MemoryBytes - before);
        c.Reply.WriteSetHeader(n);
        foreach (byte[] m in popped)
        {
            c.Reply.WriteBulkString(m);
        }

        if (ks.HasEffects)
        {
            ks.EffectBegin(db.Id, n + 2);
            ks.EffectArg("SREM"u8);
            ks.EffectArg(c.Arg(1));
            foreach (byte[] m in popped)
            {
                ks.EffectArg(m);
            }
        }
    }

    public static void SRandMember(ref CommandContext c)
    {
        if (c.ArgCount > 3)
        {
            c.Error(Errors.Syntax);
            return;
        }

        KeyspaceEngine ks = c.Ks;
        if (c.ArgCount == 2)
        {
            if (!c.TryGetForRead(1, out SetValue one, out bool missing1))
            {
                if (missing1)
                {
                    c.Reply.WriteNull();
                }

                return;
            }

            c.Reply.WriteBulkString(one.KeyAt(one.RandomSlot(ks.Random))!);
            return;
        }

        if (!c.Cmd.TryGetLong(2, out long count))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (count == long.MinValue)
        {
            c.Error(Errors.OutOfRange);
            return;
        }

        if (!c.TryGetForRead(1, out SetValue set, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteEmptyArray();
            }

            return;
        }

        if (count == 0)
        {
            c.Reply.WriteEmptyArray();
            return;
        }

        if (count < 0)
        {
            // Repetitions allowed.
            long n = -count;
            c.Reply.WriteArrayHeader((int)Math.Min(n, int.MaxValue));
            for (long k = 0; k < n; k++)
            {
                c.Reply.WriteBulkString(set.KeyAt(set.RandomSlot(ks.Random))!);
            }

            return;
        }

        if (count >= set.Count)
        {
            c.Reply.WriteArrayHeader(set.Count);
            for (int s = 0; s < set.SlotLimit; s++)
            {
                byte[]? m = set.KeyAt(s);
                if (m is not null)
                {
                    c.Reply.WriteBulkString(m);
                }
            }

            return;
        }

        // Distinct sample: partial Fisher–Yates over the occupied slots.
        var slots = new List<int>(set.Count);
        for (int s = 0; s < set.SlotLimit; s++)
        {
            if (set.KeyAt(s) is not null)
            {
                slots.Add(s);
            }
        }

        int want = (int)count;
        c.Reply.WriteArrayHeader(want);
        for (int k = 0; k < want; k++)
        {
            int r = k + ks.Random.Next(slots.Count - k);
            (slots[k], slots[r]) = (slots[r], slots[k]);
            c.Reply.WriteBulkString(set.KeyAt(slots[k])!);
        }
    }

    /// <summary>Looks up all set arguments from <paramref name="first"/>; false (error written) on a wrong type. Missing keys are null.</summary>
    private static bool TryCollect(ref CommandContext c, int first, out SetValue?[] sets)
    {
        sets = new SetValue?[c.ArgCount - first];
        for (int j = first; j < c.ArgCount; j++)
        {
            int slot = c.LookupRead(j);
            if (slot < 0)
            {
                continue;
            }

            if (c.ValueAt(slot) is not SetValue s)
            {
                c.WrongType();
                return false;
            }

            sets[j - first] = s;
        }

        return true;
    }

    public static void SInter(ref CommandContext c) => ReplyOrStore(ref c, 1, -1, Intersection);

    public static void SUnion(ref CommandContext c) => ReplyOrStore(ref c, 1, -1, Union);

    public static void SDiff(ref CommandContext c) => ReplyOrStore(ref c, 1, -1, Difference);

    public static void SInterStore(ref CommandContext c) => ReplyOrStore(ref c, 2, 1, Intersection);

    public static void SUnionStore(ref CommandContext c) => ReplyOrStore(ref c, 2, 1, Union);

    public static void SDiffStore(ref CommandContext c) => ReplyOrStore(ref c, 2, 1, Difference);

    /// <summary>
    /// Computes the sets operation over the keys from <paramref name="first"/>, then replies with the members or, with
    /// a destination, replaces it with the result (deleting it when empty) and replies the cardinality. The *STORE
    /// commands are propagated as themselves: the result depends only on the sources, which replicas hold equally.
    /// </summary>
    private static void ReplyOrStore(ref CommandContext c, int first, int destination, Func<SetValue?[], List<byte[]>> operation)
    {
        if (!TryCollect(ref c, first, out SetValue?[] sets))
        {
            return;
        }

        List<byte[]> result = operation(sets);
        if (destination < 0)
        {
            WriteMembers(ref c, result);
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int slot = c.LookupWrite(destination);
        if (slot >= 0)
        {
            ks.RemoveKey(db, slot);
        }

        if (result.Count > 0)
        {
            var set = new SetValue(result.Count);
            foreach (byte[] m in result)
            {
                set.Add(m);
            }

            ks.AddKey(db, c.Arg(destination), set);
        }

        c.Dirty();
        c.Reply.WriteInteger(result.Count);
        c.PropagateVerbatim();
    }

    private static List<byte[]> Intersection(SetValue?[] sets)
    {
        var result = new List<byte[]>();
        SetValue? smallest = null;
        foreach (SetValue? s in sets)
        {
            if (s is null)
            {
                return result;
            }

            if (smallest is null || s.Count < smallest.Count)
            {
                smallest = s;
            }
        }

        for (int slot = 0; slot < smallest!.SlotLimit; slot++)
        {
            byte[]? m = smallest.KeyAt(slot);
            if (m is not null && InAllOthers(sets, smallest, m))
            {
                result.Add(m);
            }
        }

        return result;
    }

    private static bool InAllOthers(SetValue?[] sets, SetValue smallest, byte[] m)
    {
        foreach (SetValue? s in sets)
        {
            if (!ReferenceEquals(s, smallest) && !s!.ContainsKey(m))
            {
                return false;
            }
        }

        return true;
    }

    private static List<byte[]> Union(SetValue?[] sets)
    {
        var union = new SetValue();
        var result = new List<byte[]>();
        foreach (SetValue? s in sets)
        {
            if (s is null)
            {
                continue;
            }

            for (int slot = 0; slot < s.SlotLimit; slot++)
            {
                byte[]? m = s.KeyAt(slot);
                if (m is not null && union.Add(m))
                {
                    result.Add(m);
                }
            }
        }

        return result;
    }

    private static List<byte[]> Difference(SetValue?[] sets)
    {
        var result = new List<byte[]>();
        SetValue? first = sets[0];
        if (first is null)
        {
            return result;
        }

        for (int slot = 0; slot < first.SlotLimit; slot++)
        {
            byte[]? m = first.KeyAt(slot);
            if (m is null)
            {
                continue;
            }

            bool elsewhere = false;
            for (int k = 1; k < sets.Length; k++)
            {
                if (sets[k] is SetValue other && (ReferenceEquals(other, first) || other.ContainsKey(m)))
                {
                    elsewhere = true;
                    break;
                }
            }

            if (!elsewhere)
            {
                result.Add(m);
            }
        }

        return result;
    }

    /// <summary>SINTERCARD numkeys key [key ...] [LIMIT limit]: the intersection's size, counting stops at the limit (0 = none).</summary>
    public static void SInterCard(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(1, out long numKeys) || numKeys <= 0)
        {
            c.Error("ERR numkeys should be greater than 0"u8);
            return;
        }

        if (numKeys > c.ArgCount - 2)
        {
            c.Error("ERR Number of keys can't be greater than number of args"u8);
            return;
        }

        int keys = (int)numKeys;
        long limit = 0;
        for (int j = 2 + keys; j < c.ArgCount; j++)
        {
            if (c.ArgIs(j, "LIMIT"u8) && j + 1 < c.ArgCount)
            {
                if (!c.Cmd.TryGetLong(j + 1, out limit) || limit < 0)
                {
                    c.Error("ERR LIMIT can't be negative"u8);
                    return;
                }

                j++;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        var sets = new SetValue?[keys];
        for (int k = 0; k < keys; k++)
        {
            int slot = c.LookupRead(2 + k);
            if (slot < 0)
            {
                continue;
            }

            if (c.ValueAt(slot) is not SetValue s)
            {
                c.WrongType();
                return;
            }

            sets[k] = s;
        }

        SetValue? smallest = null;
        foreach (SetValue? s in sets)
        {
            if (s is null)
            {
                c.Reply.WriteInteger(0);
                return;
            }

            if (smallest is null || s.Count < smallest.Count)
            {
                smallest = s;
            }
        }

        long count = 0;
        for (int slot = 0; slot < smallest!.SlotLimit && (limit == 0 || count < limit); slot++)
        {
            byte[]? m = smallest.KeyAt(slot);
            if (m is not null && InAllOthers(sets, smallest, m))
            {
                count++;
            }
        }

        c.Reply.WriteInteger(count);
    }

    private static void WriteMembers(ref CommandContext c, List<byte[]> members)
    {
        c.Reply.WriteSetHeader(members.Count);
        foreach (byte[] m in members)
        {
            c.Reply.WriteBulkString(m);
        }
    }

    public static void SScan(ref CommandContext c)
    {
        var found = new List<int>();
        if (!HashCommands.TryScan(ref c, found, out SetValue set, out long next))
        {
            return;
        }

        KeyCommands.WriteScanReply(ref c, next, found.Count);
        foreach (int s in found)
        {
            c.Reply.WriteBulkString(set.KeyAt(s)!);
        }
    }

    public static void SMove(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int srcSlot = c.LookupWrite(1);
        int dstSlot = c.LookupWrite(2);
        if (srcSlot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        if (c.ValueAt(srcSlot) is not SetValue src || (dstSlot >= 0 && c.ValueAt(dstSlot) is not SetValue))
        {
            c.WrongType();
            return;
        }

        ReadOnlySpan<byte> member = c.Arg(3);
        if (srcSlot == dstSlot)
        {
            c.Reply.WriteInteger(src.ContainsKey(member) ? 1 : 0);
            return;
        }

        long before = src.MemoryBytes;
        if (!src.Remove(member))
        {
            c.Reply.WriteInteger(0);
            return;
        }

        ks.AdjustMemory(src.MemoryBytes - before);
        if (src.Count == 0)
        {
            ks.RemoveKey(db, srcSlot);
        }

        SetValue dst;
        if (dstSlot < 0)
        {
            dst = new SetValue();
            ks.AddKey(db, c.Arg(2), dst);
        }
        else
        {
            dst = (SetValue)c.ValueAt(dstSlot);
        }

        before = dst.MemoryBytes;
        dst.Add(member);
        ks.AdjustMemory(dst.MemoryBytes - before);
        c.Dirty();
        c.Reply.WriteInteger(1);
        c.PropagateVerbatim();
    }
}
