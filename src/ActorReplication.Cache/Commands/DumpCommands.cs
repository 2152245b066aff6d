using ActorReplication.Cache.Dump;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>DUMP and RESTORE: a key's value as Redis's DUMP payload, and back.</summary>
public static class DumpCommands
{
    private static ReadOnlySpan<byte> BusyKey => "BUSYKEY Target key name already exists."u8;

    private static ReadOnlySpan<byte> BadPayload => "ERR DUMP payload version or checksum are wrong"u8;

    private static ReadOnlySpan<byte> BadData => "ERR Bad data format"u8;

    /// <summary>DUMP key: the payload, or nil for a missing key. Expiry and LRU are not part of it.</summary>
    public static void Dump(ref CommandContext c)
    {
        int slot = c.LookupRead(1);
        if (slot < 0)
        {
            c.Reply.WriteNull();
            return;
        }

        c.Reply.WriteBulkString(DumpPayload.Create(c.ValueAt(slot), c.Ks.Settings.Encoding));
    }

    /// <summary>
    /// RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checked in Redis's order:
    /// options, an existing key (BUSYKEY unless REPLACE), the ttl, the payload's footer, then its data. A ttl already
    /// in the past stores nothing (and deletes a replaced key, propagated as DEL). A relative ttl is propagated as an
    /// absolute one with ABSTTL appended, so replicas and the backlog expire the key at the master's instant.
    /// FREQ is accepted and ignored: no LFU policy is built, as Redis ignores it under an LRU policy.
    /// </summary>
    public static void Restore(ref CommandContext c)
    {
        KeyspaceEngine ks = c.Ks;
        bool replace = false;
        bool absolute = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < c.ArgCount; j++)
        {
            bool hasValue = j + 1 < c.ArgCount;
            if (c.ArgIs(j, "REPLACE"u8))
            {
                replace = true;
            }
            else if (c.ArgIs(j, "ABSTTL"u8))
            {
                absolute = true;
            }
            else if (c.ArgIs(j, "IDLETIME"u8) && hasValue && freq == -1)
            {
                if (!c.Cmd.TryGetLong(j + 1, out idle))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (idle < 0)
                {
                    c.Error("ERR Invalid IDLETIME value, must be >= 0"u8);
                    return;
                }

                j++;
            }
            else if (c.ArgIs(j, "FREQ"u8) && hasValue && idle == -1)
            {
                if (!c.Cmd.TryGetLong(j + 1, out freq))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                if (freq is < 0 or > 255)
                {
                    c.Error("ERR Invalid FREQ value, must be >= 0 and <= 255"u8);
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

        Database db = c.Db;
        int existing = c.LookupWrite(1);
        if (existing >= 0 && !replace)
        {
            c.Error(BusyKey);
            return;
        }

        if (!c.Cmd.TryGetLong(2, out long ttl))
        {
            c.Error(Errors.NotInteger);
            return;
        }

        if (ttl < 0)
        {
            c.Error("ERR Invalid TTL value, must be >= 0"u8);
            return;
        }

        ReadOnlySpan<byte> payload = c.Arg(3);
        if (!DumpPayload.HasValidFooter(payload))
        {
            c.Error(BadPayload);
            return;
        }

        if (DumpPayload.TryRead(payload) is not { } value)
        {
            c.Error(BadData);
            return;
        }

        if (existing >= 0)
        {
            ks.RemoveKey(db, existing);
        }

        if (ttl > 0 && !absolute)
        {
            ttl += ks.Now;
        }

        if (ttl > 0 && ks.IsAlreadyExpired(ttl))
        {
            if (existing >= 0)
            {
                c.Dirty();
                if (ks.HasEffects)
                {
                    ks.EffectBegin(db.Id, 2);
                    ks.EffectArg("DEL"u8);
                    ks.EffectArg(c.Arg(1));
                }
            }

            c.Reply.WriteOk();
            return;
        }

        int slot = ks.AddKey(db, c.Arg(1), value);
        if (ttl > 0)
        {
            db.SetExpire(slot, ttl);
        }

        if (idle >= 0)
        {
            // The LRU clock counts milliseconds in 32 bits: an idle time beyond half its range is capped there.
            db.EntryAt(slot).Lru = ks.LruNow - (uint)Math.Min(idle * 1000, uint.MaxValue / 2);
        }

        c.Dirty();
        c.Reply.WriteOk();
        if (ttl > 0 && !absolute)
        {
            PropagateWithAbsoluteTtl(ref c, ttl);
        }
        else
        {
            c.PropagateVerbatim();
        }
    }

    private static void PropagateWithAbsoluteTtl(ref CommandContext c, long expireAtMs)
    {
        KeyspaceEngine ks = c.Ks;
        if (!ks.HasEffects)
        {
            return;
        }

        int n = c.ArgCount;
        ks.EffectBegin(c.Db.Id, n + 1);
        for (int i = 0; i < n; i++)
        {
            if (i == 2)
            {
                ks.EffectArg(expireAtMs);
            }
            else
            {
                ks.EffectArg(c.Arg(i));
            }
        }

        ks.EffectArg("ABSTTL"u8);
    }
}
