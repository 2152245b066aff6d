using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>Generic key commands: DEL UNLINK EXISTS TYPE EXPIRE* TTL PTTL PERSIST RENAME* KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL SELECT TOUCH.</summary>
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
}
