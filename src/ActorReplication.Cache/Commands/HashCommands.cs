using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>Hash commands: HSET HMSET HSETNX HGET HMGET HDEL HGETALL HKEYS HVALS HLEN HEXISTS HSTRLEN HINCRBY HINCRBYFLOAT HSCAN HRANDFIELD.</summary>
public static class HashCommands
{
    /// <summary>Like Redis's listpack encoding threshold: hashes and sets this small are scanned in one call (cursor 0).</summary>
    internal const int SmallScanThreshold = 128;

    private static bool TryGetOrCreate(ref CommandContext c, out HashValue hash)
    {
        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            hash = new HashValue();
            c.Ks.AddKey(c.Db, c.Arg(1), hash);
            return true;
        }

        if (c.ValueAt(slot) is HashValue h)
        {
            hash = h;
            return true;
        }

        hash = null!;
        c.WrongType();
        return false;
    }

    /// <summary>Read lookup: false with a reply written when missing (<paramref name="missing"/>) or of the wrong type.</summary>

    public static void HSet(ref CommandContext c) => HSetGeneric(ref c, "ERR wrong number of arguments for 'hset' command", replyOk: false);

    public static void HMSet(ref CommandContext c) => HSetGeneric(ref c, "ERR wrong number of arguments for 'hmset' command", replyOk: true);

    private static void HSetGeneric(ref CommandContext c, string arityError, bool replyOk)
    {
        if (c.ArgCount % 2 == 1)
        {
            c.Reply.WriteError(arityError);
            return;
        }

        if (!TryGetOrCreate(ref c, out HashValue h))
        {
            return;
        }

        long before = h.MemoryBytes;
        int created = 0;
        for (int j = 2; j < c.ArgCount; j += 2)
        {
            if (h.SetField(c.Arg(j), c.Arg(j + 1)))
            {
                created++;
            }
        }

        c.Ks.AdjustMemory(h.MemoryBytes - before);
        c.Dirty((c.ArgCount - 2) / 2);
        if (replyOk)
        {
            c.Reply.WriteOk();
        }
        else
        {
            c.Reply.WriteInteger(created);
        }

        c.PropagateVerbatim();
    }

    public static void HSetNx(ref CommandContext c)
    {
        if (!TryGetOrCreate(ref c, out HashValue h))
        {
            return;
        }

        if (h.ContainsKey(c.Arg(2)))
        {
            c.Reply.WriteInteger(0);
            return;
        }

        long before = h.MemoryBytes;
        h.SetField(c.Arg(2), c.Arg(3));
        c.Ks.AdjustMemory(h.MemoryBytes - before);
        c.Dirty();
        c.Reply.WriteInteger(1);
        c.PropagateVerbatim();
    }

    public static void HGet(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteNull();
            }

            return;
        }

        if (h.TryGetValue(c.Arg(2), out byte[] v))
        {
            c.Reply.WriteBulkString(v);
        }
        else
        {
            c.Reply.WriteNull();
        }
    }

    public static void HMGet(ref CommandContext c)
    {
        HashValue? h = null;
        if (!c.TryGetForRead(1, out HashValue found, out bool missing))
        {
            if (!missing)
            {
                return;
            }
        }
        else
        {
            h = found;
        }

        c.Reply.WriteArrayHeader(c.ArgCount - 2);
        for (int j = 2; j < c.ArgCount; j++)
        {
            if (h is not null && h.TryGetValue(c.Arg(j), out byte[] v))
            {
                c.Reply.WriteBulkString(v);
            }
            else
            {
                c.Reply.WriteNull();
            }
        }
    }

    public static void HDel(ref CommandContext c)
    {
        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        if (c.ValueAt(slot) is not HashValue h)
        {
            c.WrongType();
            return;
        }

        long before = h.MemoryBytes;
        int deleted = 0;
        for (int j = 2; j < c.ArgCount; j++)
        {
            if (h.RemoveField(c.Arg(j)))
            {
                deleted++;
                if (h.Count == 0)
                {
                    break;
                }
            }
        }

        c.CompleteRemoval(slot, before, h.MemoryBytes, h.Count == 0, deleted);
    }

    public static void HGetAll(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteMapHeader(0);
            }

            return;
        }

        c.Reply.WriteMapHeader(h.Count);
        for (int s = 0; s < h.SlotLimit; s++)
        {
            byte[]? f = h.KeyAt(s);
            if (f is not null)
            {
                c.Reply.WriteBulkString(f);
                c.Reply.WriteBulkString(h.ValueAt(s));
            }
        }
    }

    public static void HKeys(ref CommandContext c) => KeysOrValues(ref c, keys: true);

    public static void HVals(ref CommandContext c) => KeysOrValues(ref c, keys: false);

    private static void KeysOrValues(ref CommandContext c, bool keys)
    {
        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteArrayHeader(0);
            }

            return;
        }

        c.Reply.WriteArrayHeader(h.Count);
        for (int s = 0; s < h.SlotLimit; s++)
        {
            byte[]? f = h.KeyAt(s);
            if (f is not null)
            {
                c.Reply.WriteBulkString(keys ? f : h.ValueAt(s));
            }
        }
    }

    public static void HLen(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        c.Reply.WriteInteger(h.Count);
    }

    public static void HExists(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        c.Reply.WriteInteger(h.ContainsKey(c.Arg(2)) ? 1 : 0);
    }

    public static void HStrLen(ref CommandContext c)
    {
        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
        {
            if (missing)
            {
                c.Reply.WriteInteger(0);
            }

            return;
        }

        c.Reply.WriteInteger(h.TryGetValue(c.Arg(2), out byte[] v) ? v.Length : 0);
    }

    public static void HIncrBy(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(3, out long incr))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (!TryGetOrCreate(ref c, out HashValue h))
        {
            return;
        }

        long value = 0;
        if (h.TryGetValue(c.Arg(2), out byte[] current) && !RespNumber.TryParseInt64(current, out value))
        {
            c.Error(Errors.HashNotInteger);
            return;
        }

        if ((incr < 0 && value < 0 && incr < long.MinValue - value) ||
            (incr > 0 && value > 0 && incr > long.MaxValue - value))
        {
            c.Error(Errors.Overflow);
            return;
        }

        value += incr;
        Span<byte> text = stackalloc byte[CommandHelpers.MaxLongLength];
        int len = CommandHelpers.FormatLong(value, text);
        long before = h.MemoryBytes;
        h.SetField(c.Arg(2), text[..len]);
        c.Ks.AdjustMemory(h.MemoryBytes - before);
        c.Dirty();
        c.Reply.WriteInteger(value);
        c.PropagateVerbatim();
    }

    public static void HIncrByFloat(ref CommandContext c)
    {
        if (!LongDouble.TryParse(c.Arg(3), out LongDouble incr))
        {
            c.Error(Errors.NotFloat);
            return;
        }

        if (incr.IsInfinity)
        {
            c.Error(Errors.ValueNanOrInfinity);
            return;
        }

        if (!TryGetOrCreate(ref c, out HashValue h))
        {
            return;
        }

        LongDouble value = LongDouble.Zero;
        if (h.TryGetValue(c.Arg(2), out byte[] current) && !LongDouble.TryParse(current, out value))
        {
            c.Error(Errors.HashNotFloat);
            return;
        }

        value += incr;
        if (!value.IsFinite)
        {
            c.Error(Errors.NanOrInfinity);
            return;
        }

        byte[] text = value.ToHumanString();
        long before = h.MemoryBytes;
        h.SetField(c.Arg(2), text);
        c.Ks.AdjustMemory(h.MemoryBytes - before);
        c.Dirty();
        c.Reply.WriteBulkString(text);
        KeyspaceEngine ks = c.Ks;
        if (ks.HasEffects)
        {
            ks.EffectBegin(c.Db.Id, 4);
            ks.EffectArg("HSET"u8);
            ks.EffectArg(c.Arg(1));
            ks.EffectArg(c.Arg(2));
            ks.EffectArg(text);
        }
    }

    public static void HScan(ref CommandContext c)
    {
        var found = new List<int>();
        if (!HashCommands.TryScan(ref c, found, out HashValue h, out long next))
        {
            return;
        }

        KeyCommands.WriteScanReply(ref c, next, found.Count * 2);
        foreach (int s in found)
        {
            c.Reply.WriteBulkString(h.KeyAt(s)!);
            c.Reply.WriteBulkString(h.ValueAt(s));
        }
    }

    /// <summary>
    /// What HSCAN, SSCAN and ZSCAN share: the cursor, the key (an empty scan reply when it is missing, WRONGTYPE for
    /// another type), the options, and the slots of one step in <paramref name="found"/>. False when it replied already.
    /// </summary>
    internal static bool TryScan<TTable>(ref CommandContext c, List<int> found, out TTable table, out long next)
        where TTable : class
    {
        table = null!;
        next = 0;
        if (!CommandHelpers.TryParseCursor(c.Arg(2), out ulong cursor))
        {
            c.Error(Errors.InvalidCursor);
            return false;
        }

        if (!c.TryGetForRead(1, out table, out bool missing))
        {
            if (missing)
            {
                KeyCommands.WriteScanReply(ref c, 0, 0);
            }

            return false;
        }

        if (!ScanOptions.TryParse(ref c, 3, allowType: false, out ScanOptions o))
        {
            return false;
        }

        next = table switch
        {
            HashValue h => ScanTable(h, cursor, o, ref c, found),
            SetValue set => ScanTable(set, cursor, o, ref c, found),
            SortedSetValue zset => ScanTable(zset, cursor, o, ref c, found),
            _ => throw new InvalidOperationException("not a scannable collection: " + typeof(TTable)),
        };
        return true;
    }

    /// <summary>Cursor scan over a stable-slot table: small tables in one go (cursor 0, as Redis does for listpacks).</summary>
    internal static long ScanTable<T>(ByteTable<T> table, ulong cursor, ScanOptions o, ref CommandContext c, List<int> found)
    {
        long count = table.Count <= SmallScanThreshold ? long.MaxValue : o.Count;
        if (cursor >= (ulong)table.SlotLimit && table.SlotLimit > 0)
        {
            // Like SCAN: an out-of-range cursor is masked into the table, as Redis masks it with its table size.
            cursor &= System.Numerics.BitOperations.RoundUpToPowerOf2((uint)table.SlotLimit) - 1;
        }

        int s = table.Count <= SmallScanThreshold ? 0 : (int)Math.Min(cursor, (ulong)table.SlotLimit);
        long visited = 0;
        while (s < table.SlotLimit && visited < count)
        {
            byte[]? key = table.KeyAt(s);
            if (key is not null)
            {
                visited++;
                if (o.MatchArg < 0 || Glob.IsMatch(c.Arg(o.MatchArg), key))
                {
                    found.Add(s);
                }
            }

            s++;
        }

        return s < table.SlotLimit ? s : 0;
    }

    /// <summary>HRANDFIELD key [count [WITHVALUES]]: a negative count may repeat fields; RESP3 pairs are 2-element arrays.</summary>
    public static void HRandField(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        if (c.ArgCount == 2)
        {
            if (!c.TryGetForRead(1, out HashValue one, out bool missingOne))
            {
                if (missingOne)
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
            c.Error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"u8);
            return;
        }

        bool withValues = false;
        if (c.ArgCount == 4 && c.ArgIs(3, "WITHVALUES"u8))
        {
            withValues = true;
        }
        else if (c.ArgCount > 3)
        {
            c.Error(Errors.Syntax);
            return;
        }

        if (withValues && count < -(long.MaxValue / 2))
        {
            c.Error(Errors.OutOfRange);
            return;
        }

        if (!c.TryGetForRead(1, out HashValue h, out bool missing))
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

        bool pairs = withValues && c.Reply.Protocol == Resp.RespProtocol.Resp3;
        if (count < 0)
        {
            long n = -count;
            WritePickHeader(ref c, n, withValues, pairs);
            for (long k = 0; k < n; k++)
            {
                WritePick(ref c, h, h.RandomSlot(ks.Random), withValues, pairs);
            }

            return;
        }

        if (count >= h.Count)
        {
            WritePickHeader(ref c, h.Count, withValues, pairs);
            for (int s = 0; s < h.SlotLimit; s++)
            {
                if (h.KeyAt(s) is not null)
                {
                    WritePick(ref c, h, s, withValues, pairs);
                }
            }

            return;
        }

        // Distinct sample: partial Fisher–Yates over the occupied slots.
        var slots = new List<int>(h.Count);
        for (int s = 0; s < h.SlotLimit; s++)
        {
            if (h.KeyAt(s) is not null)
            {
                slots.Add(s);
            }
        }

        int want = (int)count;
        WritePickHeader(ref c, want, withValues, pairs);
        for (int k = 0; k < want; k++)
        {
            int r = k + ks.Random.Next(slots.Count - k);
            (slots[k], slots[r]) = (slots[r], slots[k]);
            WritePick(ref c, h, slots[k], withValues, pairs);
        }
    }

    private static void WritePickHeader(ref CommandContext c, long n, bool withValues, bool pairs) =>
        c.Reply.WriteArrayHeader((int)Math.Min(int.MaxValue, withValues && !pairs ? n * 2 : n));

    private static void WritePick(ref CommandContext c, HashValue h, int slot, bool withValues, bool pairs)
    {
        if (pairs)
        {
            c.Reply.WriteArrayHeader(2);
        }

        c.Reply.WriteBulkString(h.KeyAt(slot)!);
        if (withValues)
        {
            c.Reply.WriteBulkString(h.ValueAt(slot));
        }
    }
}
