using System.Text;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>Keyspace-level server commands: DEBUG DIGEST, DEBUG DIGEST-VALUE, DEBUG POPULATE, DEBUG SET-ACTIVE-EXPIRE.</summary>
public static class ServerCommands
{
    public static void Debug(ref CommandContext c)
    {
        if (c.ArgIs(1, "DIGEST"u8) && c.ArgCount == 2)
        {
            c.Reply.WriteSimpleString(c.Ks.ComputeDigest());
            return;
        }

        if (c.ArgIs(1, "DIGEST-VALUE"u8))
        {
            DigestValue(ref c);
            return;
        }

        if (c.ArgIs(1, "SET-ACTIVE-EXPIRE"u8) && c.ArgCount == 3)
        {
            // As Redis's atoi: a leading integer, anything else reads as 0.
            c.Ks.Settings.ActiveExpire = CommandHelpers.AtoiLike(c.Arg(2)) != 0;
            c.Reply.WriteOk();
            return;
        }

        if (c.ArgIs(1, "POPULATE"u8) && c.ArgCount >= 3 && c.ArgCount <= 5)
        {
            Populate(ref c);
            return;
        }

        c.Reply.WriteError($"ERR unknown subcommand or wrong number of arguments for '{Truncated(c.Cmd.ArgString(1))}'. Try DEBUG HELP.");
    }

    private static string Truncated(string s) => s.Length > 128 ? s[..128] : s;

    private static void DigestValue(ref CommandContext c)
    {
        c.Reply.WriteArrayHeader(c.ArgCount - 2);
        Span<byte> digest = stackalloc byte[Digest.Size];
        for (int j = 2; j < c.ArgCount; j++)
        {
            digest.Clear();
            int slot = c.Db.Find(c.Arg(j));
            if (slot >= 0)
            {
                Digest.ObjectDigest(digest, c.Db.EntryAt(slot).Value, c.Db.GetExpire(slot));
            }

            c.Reply.WriteSimpleString(Digest.ToHex(digest));
        }
    }

    private static void Populate(ref CommandContext c)
    {
        if (!CommandHelpers.TryGetPositiveLong(ref c, 2, out long count))
        {
            return;
        }

        long size = 0;
        if (c.ArgCount == 5 && !CommandHelpers.TryGetPositiveLong(ref c, 4, out size))
        {
            return;
        }

        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        byte[] prefix = c.ArgCount >= 4 ? c.Arg(3).ToArray() : "key"u8.ToArray();
        db.Keys.EnsureCapacity((int)Math.Min(int.MaxValue / 2, db.Count + count));
        Span<byte> digits = stackalloc byte[CommandHelpers.MaxLongLength];
        byte[] keyBuf = new byte[prefix.Length + 1 + CommandHelpers.MaxLongLength];
        prefix.CopyTo(keyBuf, 0);
        keyBuf[prefix.Length] = (byte)':';
        long added = 0;
        for (long j = 0; j < count; j++)
        {
            int n = CommandHelpers.FormatLong(j, digits);
            digits[..n].CopyTo(keyBuf.AsSpan(prefix.Length + 1));
            ReadOnlySpan<byte> key = keyBuf.AsSpan(0, prefix.Length + 1 + n);
            if (ks.Lookup(db, key) >= 0)
            {
                continue;
            }

            byte[] text = Encoding.ASCII.GetBytes("value:" + j.ToString(System.Globalization.CultureInfo.InvariantCulture));
            byte[] value;
            if (size == 0)
            {
                value = text;
            }
            else
            {
                value = new byte[size];
                text.AsSpan(0, (int)Math.Min(size, text.Length)).CopyTo(value);
            }

            ks.AddKey(db, key, value);
            added++;
        }

        c.Dirty(added);
        c.Reply.WriteOk();
        if (added > 0)
        {
            c.PropagateVerbatim();
        }
    }
}
