using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>String commands: GET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MGET MSET MSETNX INCR* DECR* APPEND STRLEN GETRANGE SETRANGE.</summary>
public static class StringCommands
{
    [Flags]
    private enum SetFlags
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Get = 4,
        KeepTtl = 8,
        Persist = 16,
        Ex = 32,
        Px = 64,
        ExAt = 128,
        PxAt = 256,
        AnyExpire = Ex | Px | ExAt | PxAt,
    }

    public static void Get(ref CommandContext c)
    {
        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteNull();
            return;
        }

        if (c.ValueAt(slot) is byte[] s)
        {
            c.Reply.WriteBulkString(s);
        }
        else
        {
            c.WrongType();
        }
    }

    public static void Set(ref CommandContext c)
    {
        if (c.ArgCount == 3)
        {
            SetPlain(ref c);
            return;
        }

        if (!TryParseOptions(ref c, 3, getEx: false, out SetFlags flags, out int expireArg))
        {
            return;
        }

        long when = 0;
        if (expireArg >= 0 && !TryGetExpireMs(ref c, expireArg, flags, "set", out when))
        {
            return;
        }

        SetGeneric(ref c, flags, expireArg >= 0, when, 2, setNxReply: false);
    }

    public static void SetNx(ref CommandContext c) => SetGeneric(ref c, SetFlags.Nx, false, 0, 2, setNxReply: true);

    public static void SetEx(ref CommandContext c)
    {
        if (TryGetExpireMs(ref c, 2, SetFlags.Ex, "setex", out long when))
        {
            SetGeneric(ref c, SetFlags.Ex, true, when, 3, setNxReply: false);
        }
    }

    public static void PSetEx(ref CommandContext c)
    {
        if (TryGetExpireMs(ref c, 2, SetFlags.Px, "psetex", out long when))
        {
            SetGeneric(ref c, SetFlags.Px, true, when, 3, setNxReply: false);
        }
    }

    /// <summary>SET key value with no options: the hot path (overwrites a same-length value in place).</summary>
    private static void SetPlain(ref CommandContext c)
    {
        ReadOnlySpan<byte> key = c.Arg(1);
        ReadOnlySpan<byte> value = c.Arg(2);
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int slot = ks.Lookup(db, key);
        if (slot >= 0)
        {
            StoreString(ks, db, slot, value);
            db.RemoveExpire(slot);
        }
        else
        {
            ks.AddKey(db, key, value.ToArray());
        }

        c.Dirty();
        c.Reply.WriteOk();
        if (ks.HasEffects)
        {
            ks.EffectBegin(db.Id, 3);
            ks.EffectArg("SET"u8);
            ks.EffectArg(key);
            ks.EffectArg(value);
        }
    }

    /// <summary>Replaces a key's value with a string, reusing the old array when it has the same length.</summary>
    internal static void StoreString(KeyspaceEngine ks, Database db, int slot, ReadOnlySpan<byte> value)
    {
        if (db.EntryAt(slot).Value is byte[] old && old.Length == value.Length)
        {
            value.CopyTo(old);
        }
        else
        {
            ks.ReplaceValue(db, slot, value.ToArray());
        }
    }

    private static void SetGeneric(ref CommandContext c, SetFlags flags, bool hasExpire, long when, int valueArg, bool setNxReply)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        ReadOnlySpan<byte> key = c.Arg(1);
        ReadOnlySpan<byte> value = c.Arg(valueArg);
        bool get = (flags & SetFlags.Get) != 0;
        int slot;
        if (get)
        {
            slot = c.LookupRead(1);
            if (slot < 0)
            {
                c.Reply.WriteNull();
            }
            else if (c.ValueAt(slot) is byte[] old)
            {
                c.Reply.WriteBulkString(old);
            }
            else
            {
                c.WrongType();
                return;
            }
        }
        else
        {
            slot = c.LookupWrite(1);
        }

        bool found = slot >= 0;
        if (((flags & SetFlags.Nx) != 0 && found) || ((flags & SetFlags.Xx) != 0 && !found))
        {
            if (!get)
            {
                if (setNxReply)
                {
                    c.Reply.WriteInteger(0);
                }
                else
                {
                    c.Reply.WriteNull();
                }
            }

            return;
        }

        c.Dirty();
        if (hasExpire && ks.IsAlreadyExpired(when))
        {
            // Already expired: the key simply goes away (propagated as DEL).
            if (found)
            {
                ks.RemoveKey(db, slot);
                if (ks.HasEffects)
                {
                    ks.EffectBegin(db.Id, 2);
                    ks.EffectArg("DEL"u8);
                    ks.EffectArg(key);
                }
            }

            if (!get)
            {
                WriteSetOk(ref c, setNxReply);
            }

            return;
        }

        if (found)
        {
            StoreString(ks, db, slot, value);
            if (!hasExpire && (flags & SetFlags.KeepTtl) == 0)
            {
                db.RemoveExpire(slot);
            }
        }
        else
        {
            slot = ks.AddKey(db, key, value.ToArray());
        }

        if (hasExpire)
        {
            db.SetExpire(slot, when);
        }

        if (!get)
        {
            WriteSetOk(ref c, setNxReply);
        }

        if (ks.HasEffects)
        {
            if (hasExpire)
            {
                ks.EffectBegin(db.Id, 5);
                ks.EffectArg("SET"u8);
                ks.EffectArg(key);
                ks.EffectArg(value);
                ks.EffectArg("PXAT"u8);
                ks.EffectArg(when);
            }
            else if ((flags & SetFlags.KeepTtl) != 0)
            {
                ks.EffectBegin(db.Id, 4);
                ks.EffectArg("SET"u8);
                ks.EffectArg(key);
                ks.EffectArg(value);
                ks.EffectArg("KEEPTTL"u8);
            }
            else
            {
                ks.EffectBegin(db.Id, 3);
                ks.EffectArg("SET"u8);
                ks.EffectArg(key);
                ks.EffectArg(value);
            }
        }
    }

    private static void WriteSetOk(ref CommandContext c, bool setNxReply)
    {
        if (setNxReply)
        {
            c.Reply.WriteInteger(1);
        }
        else
        {
            c.Reply.WriteOk();
        }
    }

    /// <summary>Redis parseExtendedStringArgumentsOrReply for SET (NX XX GET KEEPTTL EX PX EXAT PXAT) and GETEX (EX PX EXAT PXAT PERSIST).</summary>
    private static bool TryParseOptions(ref CommandContext c, int first, bool getEx, out SetFlags flags, out int expireArg)
    {
        flags = SetFlags.None;
        expireArg = -1;
        bool set = !getEx;
        for (int j = first; j < c.ArgCount; j++)
        {
            bool hasNext = j + 1 < c.ArgCount;
            if (set && c.ArgIs(j, "NX"u8) && (flags & SetFlags.Xx) == 0)
            {
                flags |= SetFlags.Nx;
            }
            else if (set && c.ArgIs(j, "XX"u8) && (flags & SetFlags.Nx) == 0)
            {
                flags |= SetFlags.Xx;
            }
            else if (set && c.ArgIs(j, "GET"u8))
            {
                flags |= SetFlags.Get;
            }
            else if (set && c.ArgIs(j, "KEEPTTL"u8) && (flags & (SetFlags.Persist | SetFlags.AnyExpire)) == 0)
            {
                flags |= SetFlags.KeepTtl;
            }
            else if (getEx && c.ArgIs(j, "PERSIST"u8) && (flags & (SetFlags.AnyExpire | SetFlags.KeepTtl)) == 0)
            {
                flags |= SetFlags.Persist;
            }
            else if (hasNext && TryExpireOption(ref c, j, ref flags))
            {
                expireArg = j + 1;
                j++;
            }
            else
            {
                c.Error(Errors.Syntax);
                return false;
            }
        }

        return true;
    }

    private static bool TryExpireOption(ref CommandContext c, int j, ref SetFlags flags)
    {
        SetFlags which;
        if (c.ArgIs(j, "EX"u8))
        {
            which = SetFlags.Ex;
        }
        else if (c.ArgIs(j, "PX"u8))
        {
            which = SetFlags.Px;
        }
        else if (c.ArgIs(j, "EXAT"u8))
        {
            which = SetFlags.ExAt;
        }
        else if (c.ArgIs(j, "PXAT"u8))
        {
            which = SetFlags.PxAt;
        }
        else
        {
            return false;
        }

        SetFlags conflicts = SetFlags.KeepTtl | SetFlags.Persist | (SetFlags.AnyExpire & ~which);
        if ((flags & conflicts) != 0)
        {
            return false;
        }

        flags |= which;
        return true;
    }

    /// <summary>Redis getExpireMillisecondsOrReply: the absolute expiry in ms, or an error reply.</summary>
    private static bool TryGetExpireMs(ref CommandContext c, int arg, SetFlags flags, string command, out long when)
    {
        when = 0;
        if (!c.Cmd.TryGetLong(arg, out long ms))
        {
            c.Error(Errors.NotInteger);
            return false;
        }

        bool seconds = (flags & (SetFlags.Ex | SetFlags.ExAt)) != 0;
        if (ms <= 0 || (seconds && ms > long.MaxValue / 1000))
        {
            c.Reply.WriteError(Errors.InvalidExpireTime(command));
            return false;
        }

        if (seconds)
        {
            ms *= 1000;
        }

        if ((flags & (SetFlags.Ex | SetFlags.Px)) != 0)
        {
            if (ms > long.MaxValue - c.Ks.Now)
            {
                c.Reply.WriteError(Errors.InvalidExpireTime(command));
                return false;
            }

            ms += c.Ks.Now;
        }

        when = ms;
        return true;
    }

    public static void GetSet(ref CommandContext c)
    {
        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteNull();
        }
        else if (c.ValueAt(slot) is byte[] old)
        {
            c.Reply.WriteBulkString(old);
        }
        else
        {
            c.WrongType();
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        ReadOnlySpan<byte> value = c.Arg(2);
        if (slot >= 0)
        {
            StoreString(ks, db, slot, value);
            db.RemoveExpire(slot);
        }
        else
        {
            ks.AddKey(db, c.Arg(1), value.ToArray());
        }

        c.Dirty();
        if (ks.HasEffects)
        {
            ks.EffectBegin(db.Id, 3);
            ks.EffectArg("SET"u8);
            ks.EffectArg(c.Arg(1));
            ks.EffectArg(value);
        }
    }

    public static void GetDel(ref CommandContext c)
    {
        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteNull();
            return;
        }

        if (c.ValueAt(slot) is not byte[] old)
        {
            c.WrongType();
            return;
        }

        c.Reply.WriteBulkString(old);
        c.Ks.RemoveKey(c.Db, slot);
        c.Dirty();
        if (c.Ks.HasEffects)
        {
            c.Ks.EffectBegin(c.Db.Id, 2);
            c.Ks.EffectArg("DEL"u8);
            c.Ks.EffectArg(c.Arg(1));
        }
    }

    public static void GetEx(ref CommandContext c)
    {
        if (!TryParseOptions(ref c, 2, getEx: true, out SetFlags flags, out int expireArg))
        {
            return;
        }

        long when = 0;
        if (expireArg >= 0 && !TryGetExpireMs(ref c, expireArg, flags, "getex", out when))
        {
            return;
        }

        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteNull();
            return;
        }

        if (c.ValueAt(slot) is not byte[] value)
        {
            c.WrongType();
            return;
        }

        c.Reply.WriteBulkString(value);
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        if ((flags & (SetFlags.ExAt | SetFlags.PxAt)) != 0 && ks.IsAlreadyExpired(when))
        {
            ks.RemoveKey(db, slot);
            c.Dirty();
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 2);
                ks.EffectArg("DEL"u8);
                ks.EffectArg(c.Arg(1));
            }
        }
        else if (expireArg >= 0)
        {
            db.SetExpire(slot, when);
            c.Dirty();
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 3);
                ks.EffectArg("PEXPIREAT"u8);
                ks.EffectArg(c.Arg(1));
                ks.EffectArg(when);
            }
        }
        else if ((flags & SetFlags.Persist) != 0 && db.RemoveExpire(slot))
        {
            c.Dirty();
            if (ks.HasEffects)
            {
                ks.EffectBegin(db.Id, 2);
                ks.EffectArg("PERSIST"u8);
                ks.EffectArg(c.Arg(1));
            }
        }
    }

    public static void MGet(ref CommandContext c)
    {
        c.Reply.WriteArrayHeader(c.ArgCount - 1);
        for (int j = 1; j < c.ArgCount; j++)
        {
            int slot = c.LookupRead(j);
            if (slot >= 0 && c.ValueAt(slot) is byte[] s)
            {
                c.Reply.WriteBulkString(s);
            }
            else
            {
                c.Reply.WriteNull();
            }
        }
    }

    public static void MSet(ref CommandContext c)
    {
        if (c.ArgCount % 2 == 0)
        {
            c.Reply.WriteError("ERR wrong number of arguments for 'mset' command");
            return;
        }

        SetAll(ref c);
        c.Reply.WriteOk();
        c.PropagateVerbatim();
    }

    public static void MSetNx(ref CommandContext c)
    {
        if (c.ArgCount % 2 == 0)
        {
            c.Reply.WriteError("ERR wrong number of arguments for 'msetnx' command");
            return;
        }

        for (int j = 1; j < c.ArgCount; j += 2)
        {
            if (c.LookupWrite(j) >= 0)
            {
                c.Reply.WriteInteger(0);
                return;
            }
        }

        SetAll(ref c);
        c.Reply.WriteInteger(1);
        c.PropagateVerbatim();
    }

    private static void SetAll(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        for (int j = 1; j < c.ArgCount; j += 2)
        {
            int slot = c.LookupWrite(j);
            if (slot >= 0)
            {
                StoreString(ks, db, slot, c.Arg(j + 1));
                db.RemoveExpire(slot);
            }
            else
            {
                ks.AddKey(db, c.Arg(j), c.Arg(j + 1).ToArray());
            }
        }

        c.Dirty((c.ArgCount - 1) / 2);
    }

    public static void Incr(ref CommandContext c) => IncrDecr(ref c, 1);

    public static void Decr(ref CommandContext c) => IncrDecr(ref c, -1);

    public static void IncrBy(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long incr))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        IncrDecr(ref c, incr);
    }

    public static void DecrBy(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long decr))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (decr == long.MinValue)
        {
            c.Error(Errors.DecrementOverflow);
            return;
        }

        IncrDecr(ref c, -decr);
    }

    private static void IncrDecr(ref CommandContext c, long incr)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int slot = c.LookupWrite(1);
        long value = 0;
        byte[]? current = null;
        if (slot >= 0)
        {
            current = c.ValueAt(slot) as byte[];
            if (current is null)
            {
                c.WrongType();
                return;
            }

            if (!RespNumber.TryParseInt64(current, out value))
            {
                c.Error(Errors.NotInteger);
                return;
            }
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
        if (current is not null)
        {
            if (current.Length == len)
            {
                text[..len].CopyTo(current);
            }
            else
            {
                ks.ReplaceValue(db, slot, text[..len].ToArray());
            }
        }
        else
        {
            ks.AddKey(db, c.Arg(1), text[..len].ToArray());
        }

        c.Dirty();
        c.Reply.WriteInteger(value);
        c.PropagateVerbatim();
    }

    public static void IncrByFloat(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int slot = c.LookupWrite(1);
        LongDouble value = LongDouble.Zero;
        if (slot >= 0)
        {
            if (c.ValueAt(slot) is not byte[] current)
            {
                c.WrongType();
                return;
            }

            if (!LongDouble.TryParse(current, out value))
            {
                c.Error(Errors.NotFloat);
                return;
            }
        }

        if (!LongDouble.TryParse(c.Arg(2), out LongDouble incr))
        {
            c.Error(Errors.NotFloat);
            return;
        }

        value += incr;
        if (!value.IsFinite)
        {
            c.Error(Errors.NanOrInfinity);
            return;
        }

        byte[] text = value.ToHumanString();
        if (slot >= 0)
        {
            ks.ReplaceValue(db, slot, text);
        }
        else
        {
            ks.AddKey(db, c.Arg(1), text);
        }

        c.Dirty();
        c.Reply.WriteBulkString(text);
        if (ks.HasEffects)
        {
            ks.EffectBegin(db.Id, 4);
            ks.EffectArg("SET"u8);
            ks.EffectArg(c.Arg(1));
            ks.EffectArg(text);
            ks.EffectArg("KEEPTTL"u8);
        }
    }

    public static void Append(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        ReadOnlySpan<byte> add = c.Arg(2);
        int slot = c.LookupWrite(1);
        long total;
        if (slot < 0)
        {
            ks.AddKey(db, c.Arg(1), add.ToArray());
            total = add.Length;
        }
        else
        {
            if (c.ValueAt(slot) is not byte[] old)
            {
                c.WrongType();
                return;
            }

            total = (long)old.Length + add.Length;
            if (total > ks.Settings.ProtoMaxBulkLen)
            {
                c.Error(Errors.StringTooLong);
                return;
            }

            var value = new byte[total];
            old.CopyTo(value, 0);
            add.CopyTo(value.AsSpan(old.Length));
            ks.ReplaceValue(db, slot, value);
        }

        c.Dirty();
        c.Reply.WriteInteger(total);
        c.PropagateVerbatim();
    }

    public static void StrLen(ref CommandContext c)
    {
        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteInteger(0);
        }
        else if (c.ValueAt(slot) is byte[] s)
        {
            c.Reply.WriteInteger(s.Length);
        }
        else
        {
            c.WrongType();
        }
    }

    public static void GetRange(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long start) || !c.Cmd.TryGetLong(3, out long end))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteBulkString(ReadOnlySpan<byte>.Empty);
            return;
        }

        if (c.ValueAt(slot) is not byte[] s)
        {
            c.WrongType();
            return;
        }

        long len = s.Length;
        if (start < 0 && end < 0 && start > end)
        {
            c.Reply.WriteBulkString(ReadOnlySpan<byte>.Empty);
            return;
        }

        if (start < 0)
        {
            start += len;
        }

        if (end < 0)
        {
            end += len;
        }

        if (start < 0)
        {
            start = 0;
        }

        if (end < 0)
        {
            end = 0;
        }

        if (end >= len)
        {
            end = len - 1;
        }

        if (start > end || len == 0)
        {
            c.Reply.WriteBulkString(ReadOnlySpan<byte>.Empty);
            return;
        }

        c.Reply.WriteBulkString(s.AsSpan((int)start, (int)(end - start + 1)));
    }

    public static void SetRange(ref CommandContext c)
    {
        if (!c.Cmd.TryGetLong(2, out long offset))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (offset < 0)
        {
            c.Error(Errors.OffsetOutOfRange);
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        ReadOnlySpan<byte> value = c.Arg(3);
        int slot = c.LookupWrite(1);
        byte[] current;
        if (slot < 0)
        {
            if (value.Length == 0)
            {
                c.Reply.WriteInteger(0);
                return;
            }

            if (offset > ks.Settings.ProtoMaxBulkLen - value.Length)
            {
                c.Error(Errors.StringTooLong);
                return;
            }

            current = [];
        }
        else
        {
            if (c.ValueAt(slot) is not byte[] s)
            {
                c.WrongType();
                return;
            }

            current = s;
            if (value.Length == 0)
            {
                c.Reply.WriteInteger(s.Length);
                return;
            }

            if (offset > ks.Settings.ProtoMaxBulkLen - value.Length)
            {
                c.Error(Errors.StringTooLong);
                return;
            }
        }

        long needed = offset + value.Length;
        byte[] target = current;
        if (needed > current.Length)
        {
            target = new byte[needed];
            current.CopyTo(target, 0);
        }

        value.CopyTo(target.AsSpan((int)offset));
        if (slot < 0)
        {
            ks.AddKey(db, c.Arg(1), target);
        }
        else if (!ReferenceEquals(target, current))
        {
            ks.ReplaceValue(db, slot, target);
        }

        c.Dirty();
        c.Reply.WriteInteger(target.Length);
        c.PropagateVerbatim();
    }

    public static void Lcs(ref CommandContext c)
    {
        int slotA = c.LookupRead(1);
        int slotB = c.LookupRead(2);
        object? objA = slotA >= 0 ? c.ValueAt(slotA) : null;
        object? objB = slotB >= 0 ? c.ValueAt(slotB) : null;
        if ((objA is not null && objA is not byte[]) || (objB is not null && objB is not byte[]))
        {
            c.Error("ERR The specified keys must contain string values"u8);
            return;
        }

        byte[] a = objA as byte[] ?? [];
        byte[] b = objB as byte[] ?? [];
        bool getLen = false, getIdx = false, withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < c.ArgCount; j++)
        {
            if (c.ArgIs(j, "IDX"u8))
            {
                getIdx = true;
            }
            else if (c.ArgIs(j, "LEN"u8))
            {
                getLen = true;
            }
            else if (c.ArgIs(j, "WITHMATCHLEN"u8))
            {
                withMatchLen = true;
            }
            else if (c.ArgIs(j, "MINMATCHLEN"u8) && j + 1 < c.ArgCount)
            {
                if (!c.Cmd.TryGetLong(j + 1, out minMatchLen))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (minMatchLen < 0)
                {
                    minMatchLen = 0;
                }

                j++;
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        if (getLen && getIdx)
        {
            c.Error("ERR If you want both the length and indexes, please just use IDX."u8);
            return;
        }

        int rows = a.Length + 1;
        int cols = b.Length + 1;
        if ((long)rows * cols * sizeof(uint) > c.Ks.Settings.ProtoMaxBulkLen || (long)rows * cols > Array.MaxLength)
        {
            c.Error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"u8);
            return;
        }

        // table[i * cols + j] = LCS length of a[..i] and b[..j].
        var table = new uint[rows * cols];
        for (int i = 1; i < rows; i++)
        {
            for (int j = 1; j < cols; j++)
            {
                table[(i * cols) + j] = a[i - 1] == b[j - 1]
                    ? table[((i - 1) * cols) + j - 1] + 1
                    : Math.Max(table[((i - 1) * cols) + j], table[(i * cols) + j - 1]);
            }
        }

        int length = (int)table[(rows * cols) - 1];
        if (getLen)
        {
            c.Reply.WriteInteger(length);
            return;
        }

        // Walk back from the end: on equal bytes both move; otherwise towards the larger sub-LCS, the second string
        // first on a tie. With IDX, runs of consecutive matches are reported as ranges, last run first.
        var result = new byte[length];
        int k = length;
        var matches = new List<(int AStart, int AEnd, int BStart, int BEnd)>();
        int ia = a.Length, ib = b.Length;
        int aStart = -1, aEnd = -1, bStart = -1, bEnd = -1;
        while (ia > 0 && ib > 0)
        {
            bool emit = false;
            if (a[ia - 1] == b[ib - 1])
            {
                result[--k] = a[ia - 1];
                if (aStart < 0)
                {
                    aStart = aEnd = ia - 1;
                    bStart = bEnd = ib - 1;
                }
                else
                {
                    aStart = ia - 1;
                    bStart = ib - 1;
                }

                emit = aStart == 0 || bStart == 0;
                ia--;
                ib--;
            }
            else
            {
                if (table[((ia - 1) * cols) + ib] > table[(ia * cols) + ib - 1])
                {
                    ia--;
                }
                else
                {
                    ib--;
                }

                emit = aStart >= 0;
            }

            if (emit)
            {
                if (minMatchLen == 0 || aEnd - aStart + 1 >= minMatchLen)
                {
                    matches.Add((aStart, aEnd, bStart, bEnd));
                }

                aStart = -1;
            }
        }

        if (!getIdx)
        {
            c.Reply.WriteBulkString(result);
            return;
        }

        c.Reply.WriteMapHeader(2);
        c.Reply.WriteBulkString("matches"u8);
        c.Reply.WriteArrayHeader(matches.Count);
        foreach ((int AStart, int AEnd, int BStart, int BEnd) m in matches)
        {
            c.Reply.WriteArrayHeader(withMatchLen ? 3 : 2);
            c.Reply.WriteArrayHeader(2);
            c.Reply.WriteInteger(m.AStart);
            c.Reply.WriteInteger(m.AEnd);
            c.Reply.WriteArrayHeader(2);
            c.Reply.WriteInteger(m.BStart);
            c.Reply.WriteInteger(m.BEnd);
            if (withMatchLen)
            {
                c.Reply.WriteInteger(m.AEnd - m.AStart + 1);
            }
        }

        c.Reply.WriteBulkString("len"u8);
        c.Reply.WriteInteger(length);
    }
}
