using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>Generic key commands: DEL UNLINK EXISTS TYPE EXPIRE* TTL PTTL PERSIST RENAME* KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL SELECT TOUCH COPY MOVE SWAPDB OBJECT.</summary>
public static class KeyCommands
{
    public static void Del(ref CommandContext c) => DelGeneric(ref c, "DEL"u8);

    public static void Unlink(ref CommandContext c) => DelGeneric(ref c, "UNLINK"u8);

    private static void DelGeneric(ref CommandContext c, ReadOnlySpan<byte> name)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int n = c.ArgCount;
        Span<bool> deleted = n <= 256 ? stackalloc bool[n] : new bool[n];
        int count = 0;
        for (int j = 1; j < n; j++)
        {
            int slot = c.LookupWrite(j);
            if (slot >= 0)
            {
                ks.RemoveKey(db, slot);
                deleted[j] = true;
                count++;
            }
        }

        c.Reply.WriteInteger(count);
        if (count == 0)
        {
            return;
        }

        c.Dirty(count);
        if (ks.HasEffects)
        {
            ks.EffectBegin(db.Id, count + 1);
            ks.EffectArg(name);
            for (int j = 1; j < n; j++)
            {
                if (deleted[j])
                {
                    ks.EffectArg(c.Arg(j));
                }
            }
        }
    }

    public static void Exists(ref CommandContext c)
    {
        long count = 0;
        for (int j = 1; j < c.ArgCount; j++)
        {
            if (c.LookupRead(j) >= 0)
            {
                count++;
            }
        }

        c.Reply.WriteInteger(count);
    }

    public static void Touch(ref CommandContext c) => Exists(ref c);

    public static void Type(ref CommandContext c)
    {
        int slot = c.LookupRead(1);
        c.Reply.WriteSimpleString(slot < 0 ? "none"u8 : Values.TypeName(Values.TypeOf(c.ValueAt(slot))));
    }

    public static void DbSize(ref CommandContext c) => c.Reply.WriteInteger(c.Db.Count);

    public static void Expire(ref CommandContext c) => ExpireGeneric(ref c, relative: true, seconds: true);

    public static void PExpire(ref CommandContext c) => ExpireGeneric(ref c, relative: true, seconds: false);

    public static void ExpireAt(ref CommandContext c) => ExpireGeneric(ref c, relative: false, seconds: true);

    public static void PExpireAt(ref CommandContext c) => ExpireGeneric(ref c, relative: false, seconds: false);

    private static void ExpireGeneric(ref CommandContext c, bool relative, bool seconds)
    {
        bool nx = false, xx = false, gt = false, lt = false;
        for (int j = 3; j < c.ArgCount; j++)
        {
            if (c.ArgIs(j, "NX"u8))
            {
                nx = true;
            }
            else if (c.ArgIs(j, "XX"u8))
            {
                xx = true;
            }
            else if (c.ArgIs(j, "GT"u8))
            {
                gt = true;
            }
            else if (c.ArgIs(j, "LT"u8))
            {
                lt = true;
            }
            else
            {
                c.Reply.WriteError("ERR Unsupported option " + c.Cmd.ArgString(j));
                return;
            }
        }

        if (nx && (xx || gt || lt))
        {
            c.Error(Errors.ExpireNxIncompatible);
            return;
        }

        if (gt && lt)
        {
            c.Error(Errors.ExpireGtLtIncompatible);
            return;
        }

        if (!c.Cmd.TryGetLong(2, out long when))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        KeyspaceEngine ks = c.Ks;
        if (seconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                c.Reply.WriteError(Errors.InvalidExpireTime(CommandTable.Get(c.Cmd.Id)!.Name));
                return;
            }

            when *= 1000;
        }

        if (relative)
        {
            if (when > long.MaxValue - ks.Now)
            {
                c.Reply.WriteError(Errors.InvalidExpireTime(CommandTable.Get(c.Cmd.Id)!.Name));
                return;
            }

            when += ks.Now;
        }

        Database db = c.Db;
        int slot = c.LookupWrite(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        long current = db.GetExpire(slot);
        if ((nx && current != -1) ||
            (xx && current == -1) ||
            (gt && (when <= current || current == -1)) ||
            (lt && current != -1 && when >= current))
        {
            c.Reply.WriteInteger(0);
            return;
        }

        c.Dirty();
        if (ks.IsAlreadyExpired(when))
        {
            ks.RemoveKey(db, slot);
            c.Reply.WriteInteger(1);
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 2);
                ks.EffectArg("DEL"u8);
                ks.EffectArg(c.Arg(1));
            }

            return;
        }

        db.SetExpire(slot, when);
        c.Reply.WriteInteger(1);
        if (ks.HasEffects)
        {
            ks.EffectBegin(db.Id, 3);
            ks.EffectArg("PEXPIREAT"u8);
            ks.EffectArg(c.Arg(1));
            ks.EffectArg(when);
        }
    }

    public static void Ttl(ref CommandContext c) => TtlGeneric(ref c, ms: false, absolute: false);

    public static void PTtl(ref CommandContext c) => TtlGeneric(ref c, ms: true, absolute: false);

    public static void ExpireTime(ref CommandContext c) => TtlGeneric(ref c, ms: false, absolute: true);

    public static void PExpireTime(ref CommandContext c) => TtlGeneric(ref c, ms: true, absolute: true);

    private static void TtlGeneric(ref CommandContext c, bool ms, bool absolute)
    {
        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(-2);
            return;
        }

        long expire = c.Db.GetExpire(slot);
        if (expire == -1)
        {
            c.Reply.WriteInteger(-1);
            return;
        }

        long ttl = absolute ? expire : expire - c.Ks.Now;
        if (ttl < 0)
        {
            ttl = 0;
        }

        c.Reply.WriteInteger(ms ? ttl : (ttl + 500) / 1000);
    }

    public static void Persist(ref CommandContext c)
    {
        int slot = c.LookupWrite(1);
        if (slot >= 0 && c.Db.RemoveExpire(slot))
        {
            c.Dirty();
            c.Reply.WriteInteger(1);
            c.PropagateVerbatim();
            return;
        }

        c.Reply.WriteInteger(0);
    }

    public static void Rename(ref CommandContext c) => RenameGeneric(ref c, nx: false);

    public static void RenameNx(ref CommandContext c) => RenameGeneric(ref c, nx: true);

    private static void RenameGeneric(ref CommandContext c, bool nx)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        bool sameKey = c.Arg(1).SequenceEqual(c.Arg(2));
        int src = c.LookupWrite(1);
        if (src < 0)
        {
            c.Error(Errors.NoSuchKey);
            return;
        }

        if (sameKey)
        {
            if (nx)
            {
                c.Reply.WriteInteger(0);
            }
            else
            {
                c.Reply.WriteOk();
            }

            return;
        }

        int dst = c.LookupWrite(2);
        if (dst >= 0)
        {
            if (nx)
            {
                c.Reply.WriteInteger(0);
                return;
            }

            ks.RemoveKey(db, dst);
        }

        object value = db.EntryAt(src).Value;
        long expire = db.GetExpire(src);
        ks.RemoveKey(db, src);
        int slot = ks.AddKey(db, c.Arg(2), value);
        if (expire != -1)
        {
            db.SetExpire(slot, expire);
        }

        c.Dirty();
        if (nx)
        {
            c.Reply.WriteInteger(1);
        }
        else
        {
            c.Reply.WriteOk();
        }

        c.PropagateVerbatim();
    }

    public static void Keys(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        ReadOnlySpan<byte> pattern = c.Arg(1);
        bool all = pattern.Length == 1 && pattern[0] == (byte)'*';
        var matches = new List<int>();
        ByteTable<KeyEntry> table = db.Keys;
        for (int s = 0; s < table.SlotLimit; s++)
        {
            byte[]? key = table.KeyAt(s);
            if (key is null || ks.IsHidden(db, s))
            {
                continue;
            }

            if (all || Glob.IsMatch(pattern, key))
            {
                matches.Add(s);
            }
        }

        c.Reply.WriteArrayHeader(matches.Count);
        foreach (int s in matches)
        {
            c.Reply.WriteBulkString(table.KeyAt(s)!);
        }
    }

    public static void Scan(ref CommandContext c)
    {
        if (!CommandHelpers.TryParseCursor(c.Arg(1), out ulong cursor))
        {
            c.Error(Errors.InvalidCursor);
            return;
        }

        if (!ScanOptions.TryParse(ref c, 2, allowType: true, out ScanOptions o))
        {
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        ByteTable<KeyEntry> table = db.Keys;
        var found = new List<int>();
        long next = 0;
        if (cursor >= (ulong)table.SlotLimit && table.SlotLimit > 0)
        {
            // Redis reads the cursor as unsigned 64-bit and masks it with its table size, so any cursor (-1 is
            // 2^64-1) lands somewhere in the table. Ours are slots: mask with the power of two covering them.
            cursor &= System.Numerics.BitOperations.RoundUpToPowerOf2((uint)table.SlotLimit) - 1;
        }

        if (cursor < (ulong)table.SlotLimit)
        {
            int s = (int)cursor;
            long visited = 0;
            while (s < table.SlotLimit && visited < o.Count)
            {
                byte[]? key = table.KeyAt(s);
                if (key is not null)
                {
                    visited++;
                    if (!ks.IsHidden(db, s) &&
                        (o.MatchArg < 0 || Glob.IsMatch(c.Arg(o.MatchArg), key)) &&
                        (!o.HasType || Values.TypeOf(db.EntryAt(s).Value) == o.Type))
                    {
                        found.Add(s);
                    }
                }

                s++;
            }

            next = s < table.SlotLimit ? s : 0;
        }

        WriteScanReply(ref c, next, found.Count);
        foreach (int s in found)
        {
            c.Reply.WriteBulkString(table.KeyAt(s)!);
        }
    }

    /// <summary>Writes <c>*2 $cursor *count</c>; the caller writes the elements.</summary>
    internal static void WriteScanReply(ref CommandContext c, long cursor, int count)
    {
        c.Reply.WriteArrayHeader(2);
        c.Reply.WriteBulkString(cursor);
        c.Reply.WriteArrayHeader(count);
    }

    public static void RandomKey(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int slot = db.Keys.RandomSlot(ks.Random);
            if (slot < 0)
            {
                break;
            }

            if (ks.IsHidden(db, slot))
            {
                if (ks.Settings.IsReplica && attempt < 99)
                {
                    continue;
                }

                if (!ks.Settings.IsReplica)
                {
                    ks.Lookup(db, db.KeyAt(slot)); // deletes it and propagates DEL
                    continue;
                }
            }

            c.Reply.WriteBulkString(db.KeyAt(slot));
            return;
        }

        c.Reply.WriteNull();
    }

    public static void FlushDb(ref CommandContext c)
    {
        if (!CheckFlushArgs(ref c))
        {
            return;
        }

        c.Ks.FlushDatabase(c.Db);
        c.Dirty();
        c.Reply.WriteOk();
        if (c.Ks.HasEffects)
        {
            c.Ks.EffectBegin(c.Db.Id, 1);
            c.Ks.EffectArg("FLUSHDB"u8);
        }
    }

    public static void FlushAll(ref CommandContext c)
    {
        if (!CheckFlushArgs(ref c))
        {
            return;
        }

        c.Ks.FlushAll();
        c.Dirty();
        c.Reply.WriteOk();
        if (c.Ks.HasEffects)
        {
            c.Ks.EffectBegin(-1, 1);
            c.Ks.EffectArg("FLUSHALL"u8);
        }
    }

    private static bool CheckFlushArgs(ref CommandContext c)
    {
        if (c.ArgCount > 2 || (c.ArgCount == 2 && !c.ArgIs(1, "ASYNC"u8) && !c.ArgIs(1, "SYNC"u8)))
        {
            c.Error(Errors.Syntax);
            return false;
        }

        return true;
    }

    public static void Select(ref CommandContext c)
    {
        if (!c.Cmd.TryGetInt(1, out int id))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (id < 0 || id >= c.Ks.DatabaseCount)
        {
            c.Error(Errors.DbIndexOutOfRange);
            return;
        }

        c.Session.Db = id;
        c.Reply.WriteOk();
    }

    private static ReadOnlySpan<byte> SameObjectError => "ERR source and destination objects are the same"u8;

    /// <summary>A database index argument: not an integer → "not an integer"; out of range → "DB index is out of range".</summary>
    private static bool TryGetDbIndex(ref CommandContext c, int arg, out int index)
    {
        if (!c.Cmd.TryGetInt(arg, out index))
        {
            c.Error(Errors.NotInteger);
            return false;
        }

        if (index < 0 || index >= c.Ks.DatabaseCount)
        {
            c.Error(Errors.DbIndexOutOfRange);
            return false;
        }

        return true;
    }

    /// <summary>COPY source destination [DB destination-db] [REPLACE]: the value (deep-copied) and its expiry; propagated as itself.</summary>
    public static void Copy(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database src = c.Db;
        Database dst = c.Db;
        bool replace = false;
        for (int j = 3; j < c.ArgCount; j++)
        {
            if (c.ArgIs(j, "REPLACE"u8))
            {
                replace = true;
            }
            else if (c.ArgIs(j, "DB"u8) && j + 1 < c.ArgCount)
            {
                if (!TryGetDbIndex(ref c, j + 1, out int index))
                {
                    return;
                }

                dst = ks.GetDatabase(index);
                j++;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        if (ReferenceEquals(src, dst) && c.Arg(1).SequenceEqual(c.Arg(2)))
        {
            c.Error(SameObjectError);
            return;
        }

        int srcSlot = c.LookupWrite(1);
        if (srcSlot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        int dstSlot = ks.Lookup(dst, c.Arg(2));
        if (dstSlot >= 0)
        {
            if (!replace)
            {
                c.Reply.WriteInteger(0);
                return;
            }

            ks.RemoveKey(dst, dstSlot);
        }

        // The source slot is still valid: removing a key from another slot never moves entries.
        object copy = CommandHelpers.CopyValue(src.EntryAt(srcSlot).Value);
        long expire = src.GetExpire(srcSlot);
        int slot = ks.AddKey(dst, c.Arg(2), copy);
        if (expire != -1)
        {
            dst.SetExpire(slot, expire);
        }

        c.Dirty();
        c.Reply.WriteInteger(1);
        c.PropagateVerbatim();
    }

    /// <summary>MOVE key db: moves the key with its expiry unless the target database has it; propagated as itself.</summary>
    public static void Move(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        if (!TryGetDbIndex(ref c, 2, out int index))
        {
            return;
        }

        Database src = c.Db;
        Database dst = ks.GetDatabase(index);
        if (ReferenceEquals(src, dst))
        {
            c.Error(SameObjectError);
            return;
        }

        int srcSlot = c.LookupWrite(1);
        if (srcSlot < 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        if (ks.Lookup(dst, c.Arg(1)) >= 0)
        {
            c.Reply.WriteInteger(0);
            return;
        }

        object value = src.EntryAt(srcSlot).Value;
        long expire = src.GetExpire(srcSlot);
        ks.RemoveKey(src, srcSlot);
        int slot = ks.AddKey(dst, c.Arg(1), value);
        if (expire != -1)
        {
            dst.SetExpire(slot, expire);
        }

        c.Dirty();
        c.Reply.WriteInteger(1);
        c.PropagateVerbatim();
    }

    /// <summary>
    /// SWAPDB a b: the two databases exchange their contents (clients stay on their database number and see the other
    /// data). A snapshot walk in progress is told as for a flush of both: it writes every key it has not reached yet
    /// first. Propagated as itself.
    /// </summary>
    public static void SwapDb(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        if (!c.Cmd.TryGetInt(1, out int a))
        {
            c.Error("ERR invalid first DB index"u8);
            return;
        }

        if (!c.Cmd.TryGetInt(2, out int b))
        {
            c.Error("ERR invalid second DB index"u8);
            return;
        }

        if (a < 0 || a >= ks.DatabaseCount || b < 0 || b >= ks.DatabaseCount)
        {
            c.Error(Errors.DbIndexOutOfRange);
            return;
        }

        if (a != b)
        {
            Database first = ks.GetDatabase(a);
            Database second = ks.GetDatabase(b);
            IKeyspaceWriteObserver? observer = ks.WriteObserver;
            observer?.BeforeClear(first);
            observer?.BeforeClear(second);
            ks.TouchWatchedKeysForSwap(first, second);
            first.SwapContents(second);
            ks.SignalWaitedKeys(a);
            ks.SignalWaitedKeys(b);
        }

        c.Dirty();
        c.Reply.WriteOk();
        if (ks.HasEffects)
        {
            ks.EffectBegin(-1, 3);
            ks.EffectArg("SWAPDB"u8);
            ks.EffectArg(c.Arg(1));
            ks.EffectArg(c.Arg(2));
        }
    }

    private static readonly string[] ObjectHelp =
    [
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    ];

    /// <summary>OBJECT ENCODING|REFCOUNT|IDLETIME|FREQ key, OBJECT HELP; the lookup does not touch the key's LRU clock.</summary>
    public static void Object(ref CommandContext c)
    {
        string? sub = c.ArgIs(1, "ENCODING"u8) ? "encoding"
            : c.ArgIs(1, "REFCOUNT"u8) ? "refcount"
            : c.ArgIs(1, "IDLETIME"u8) ? "idletime"
            : c.ArgIs(1, "FREQ"u8) ? "freq"
            : c.ArgIs(1, "HELP"u8) ? "help"
            : null;
        if (sub is null)
        {
            string name = c.Cmd.ArgString(1);
            c.Reply.WriteError($"ERR unknown subcommand '{(name.Length > 128 ? name[..128] : name)}'. Try OBJECT HELP.");
            return;
        }

        if (c.ArgCount != (sub == "help" ? 2 : 3))
        {
            c.Reply.WriteError($"ERR wrong number of arguments for 'object|{sub}' command");
            return;
        }

        if (sub == "help")
        {
            c.Reply.WriteArrayHeader(ObjectHelp.Length);
            foreach (string line in ObjectHelp)
            {
                c.Reply.WriteSimpleString(line);
            }

            return;
        }

        Database db = c.Db;
        int before = db.Find(c.Arg(2));
        uint lru = before >= 0 ? db.EntryAt(before).Lru : 0;
        int slot = c.LookupRead(2);
        if (slot < 0)
        {
            c.Reply.WriteNull();
            return;
        }

        db.EntryAt(slot).Lru = lru;
        object value = db.EntryAt(slot).Value;
        switch (sub)
        {
            case "encoding":
                c.Reply.WriteBulkString(EncodingOf(value, c.Ks.Settings.Encoding));
                break;
            case "refcount":
                c.Reply.WriteInteger(IsSharedInteger(c.Ks, value) ? int.MaxValue : 1);
                break;
            case "idletime":
                c.Reply.WriteInteger((c.Ks.LruNow - lru) / 1000);
                break;
            default:
                c.Error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8);
                break;
        }
    }

    /// <summary>
    /// The encoding Redis 7.0 would report for this value, from its size rules: strings "int" (a long written
    /// canonically), "embstr" (up to 44 bytes) or "raw"; lists "quicklist"; hashes and sorted sets "listpack", sets
    /// "intset", while within the encoding thresholds (<see cref="CompactEncoding"/>), else "hashtable" / "skiplist".
    /// Redis never converts back to the compact encodings when a container shrinks, and marks strings modified in
    /// place (APPEND, SETRANGE, SETBIT) "raw"; we keep no such history, so those cases can differ.
    /// </summary>
    internal static ReadOnlySpan<byte> EncodingOf(object value, EncodingThresholds thresholds)
    {
        switch (value)
        {
            case byte[] s:
                if (s.Length <= 20 && RespNumber.TryParseInt64(s, out _))
                {
                    return "int"u8;
                }

                return s.Length <= 44 ? "embstr"u8 : "raw"u8;
            case ListValue:
                return "quicklist"u8;
            case HashValue h:
                return CompactEncoding.IsListpack(h, thresholds) ? "listpack"u8 : "hashtable"u8;
            case SetValue set:
                return CompactEncoding.IsIntset(set, thresholds) ? "intset"u8 : "hashtable"u8;
            case SortedSetValue z:
                return CompactEncoding.IsListpack(z, thresholds) ? "listpack"u8 : "skiplist"u8;
            default:
                return "unknown"u8;
        }
    }

    /// <summary>Redis shares the integers 0..9999 (refcount INT_MAX) unless maxmemory is set with an LRU policy.</summary>
    private static bool IsSharedInteger(KeyspaceEngine ks, object value)
    {
        if (value is not byte[] s || s.Length > 4 || !RespNumber.TryParseInt64(s, out long n) || n < 0 || n >= 10000)
        {
            return false;
        }

        return ks.Settings.MaxMemory == 0 ||
            ks.Settings.EvictionPolicy is not (EvictionPolicy.AllKeysLru or EvictionPolicy.VolatileLru);
    }
}
