using System.Globalization;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Commands;

/// <summary>
/// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination], and SORT_RO
/// (no STORE), on lists and sets.
/// <para>
/// Numeric sorting reads each weight as C's strtod would (leading whitespace, hexadecimal, inf; not NaN, not out of
/// range) and breaks ties by comparing the elements' bytes, as Redis does. ALPHA compares bytes (Redis uses strcoll,
/// which is the same in the C locale). Ties under ALPHA with BY keep the input order (stable sort); Redis leaves
/// that order unspecified.
/// </para>
/// <para>
/// SORT ... STORE is propagated as its result (<c>DEL destination</c> then <c>RPUSH destination elements...</c>), not
/// as itself: a set's iteration order may differ on a replica, and with BY ties so could the sorted order.
/// </para>
/// </summary>
public static class SortCommand
{
    private readonly struct Item(byte[] element, int index)
    {
        public byte[] Element { get; } = element;

        public int Index { get; } = index;

        public double Score { get; init; }

        public byte[]? Weight { get; init; }
    }

    public static void Sort(ref CommandContext c) => SortGeneric(ref c, readOnly: false);

    public static void SortRo(ref CommandContext c) => SortGeneric(ref c, readOnly: true);

    private static void SortGeneric(ref CommandContext c, bool readOnly)
    {
        bool desc = false, alpha = false, dontSort = false;
        long limitStart = 0, limitCount = -1;
        int byArg = -1, storeArg = -1;
        var gets = new List<int>();
        for (int j = 2; j < c.ArgCount; j++)
        {
            int left = c.ArgCount - j - 1;
            if (c.ArgIs(j, "ASC"u8))
            {
                desc = false;
            }
            else if (c.ArgIs(j, "DESC"u8))
            {
                desc = true;
            }
            else if (c.ArgIs(j, "ALPHA"u8))
            {
                alpha = true;
            }
            else if (c.ArgIs(j, "LIMIT"u8) && left >= 2)
            {
                if (!c.Cmd.TryGetLong(j + 1, out limitStart) || !c.Cmd.TryGetLong(j + 2, out limitCount))
                {
                    c.Error(Errors.NotInteger);
                    return;
                }

                j += 2;
            }
            else if (!readOnly && c.ArgIs(j, "STORE"u8) && left >= 1)
            {
                storeArg = ++j;
            }
            else if (c.ArgIs(j, "BY"u8) && left >= 1)
            {
                byArg = ++j;
                dontSort = c.Arg(byArg).IndexOf((byte)'*') < 0; // BY without '*' (BY nosort): no sorting
            }
            else if (c.ArgIs(j, "GET"u8) && left >= 1)
            {
                gets.Add(++j);
            }
            else
            {
                c.Error(Errors.Syntax);
                return;
            }
        }

        int slot = c.LookupRead(1);
        object? container = slot >= 0 ? c.ValueAt(slot) : null;
        if (container is not null and not ListValue and not SetValue and not SortedSetValue)
        {
            c.WrongType();
            return;
        }

        if (dontSort && container is SetValue && storeArg >= 0)
        {
            // A set's order is arbitrary: what gets stored is sorted so that it does not depend on it.
            dontSort = false;
            alpha = true;
            byArg = -1;
        }

        var items = new List<Item>();
        switch (container)
        {
            case ListValue list:
                for (int i = 0; i < list.Count; i++)
                {
                    items.Add(new Item(list[i], i));
                }

                break;
            case SetValue set:
                for (int s = 0; s < set.SlotLimit; s++)
                {
                    if (set.KeyAt(s) is byte[] m)
                    {
                        items.Add(new Item(m, items.Count));
                    }
                }

                break;
            case SortedSetValue zset:
                // Members in score order: what BY nosort returns, as Redis does for a sorted set.
                for (SkipListNode? n = zset.Ordered.First; n is not null; n = n.Next)
                {
                    items.Add(new Item(n.Member, items.Count));
                }

                break;
        }

        long length = items.Count;
        long start = limitStart < 0 ? 0 : limitStart;
        long end = limitCount < 0 ? length - 1 : (limitCount - 1 > long.MaxValue - start ? long.MaxValue : start + limitCount - 1);
        if (start >= length)
        {
            start = length - 1;
            end = length - 2;
        }

        if (end >= length)
        {
            end = length - 1;
        }

        if (dontSort)
        {
            if (desc)
            {
                items.Reverse();
            }
        }
        else if (!TrySortItems(ref c, items, byArg, alpha, desc))
        {
            return;
        }

        int from = (int)Math.Max(start, 0);
        int count = end >= start ? (int)(end - start + 1) : 0;
        if (storeArg < 0)
        {
            c.Reply.WriteArrayHeader(count * Math.Max(1, gets.Count));
            for (int k = from; k < from + count; k++)
            {
                byte[] element = items[k].Element;
                if (gets.Count == 0)
                {
                    c.Reply.WriteBulkString(element);
                    continue;
                }

                foreach (int g in gets)
                {
                    byte[]? v = LookupByPattern(ref c, c.Arg(g), element);
                    if (v is null)
                    {
                        c.Reply.WriteNull();
                    }
                    else
                    {
                        c.Reply.WriteBulkString(v);
                    }
                }
            }

            return;
        }

        // STORE: GET values that are missing are stored as empty strings.
        var stored = new List<byte[]>(count * Math.Max(1, gets.Count));
        for (int k = from; k < from + count; k++)
        {
            byte[] element = items[k].Element;
            if (gets.Count == 0)
            {
                stored.Add(element);
                continue;
            }

            foreach (int g in gets)
            {
                stored.Add(LookupByPattern(ref c, c.Arg(g), element) ?? []);
            }
        }

        Store(ref c, storeArg, stored);
    }

    /// <summary>Replaces the destination with a list of <paramref name="stored"/> (or deletes it when empty) and propagates that result.</summary>
    private static void Store(ref CommandContext c, int storeArg, List<byte[]> stored)
    {
        KeyspaceEngine ks = c.Ks;
        Database db = c.Db;
        int dst = c.LookupWrite(storeArg);
        bool existed = dst >= 0;
        if (existed)
        {
            ks.RemoveKey(db, dst);
        }

        if (stored.Count > 0)
        {
            var list = new ListValue(stored.Count);
            foreach (byte[] v in stored)
            {
                list.PushBack(v.AsSpan().ToArray());
            }

            ks.AddKey(db, c.Arg(storeArg), list);
            c.Dirty(stored.Count);
        }
        else if (existed)
        {
            c.Dirty();
        }

        c.Reply.WriteInteger(stored.Count);
        if (!ks.HasEffects)
        {
            return;
        }

        if (existed)
        {
            ks.EffectBegin(db.Id, 2);
            ks.EffectArg("DEL"u8);
            ks.EffectArg(c.Arg(storeArg));
        }

        if (stored.Count > 0)
        {
            ks.EffectBegin(db.Id, stored.Count + 2);
            ks.EffectArg("RPUSH"u8);
            ks.EffectArg(c.Arg(storeArg));
            foreach (byte[] v in stored)
            {
                ks.EffectArg(v);
            }
        }
    }

    /// <summary>Computes weights and sorts; false after replying the conversion error.</summary>
    private static bool TrySortItems(ref CommandContext c, List<Item> items, int byArg, bool alpha, bool desc)
    {
        for (int i = 0; i < items.Count; i++)
        {
            Item it = items[i];
            byte[]? weight = byArg < 0 ? it.Element : LookupByPattern(ref c, c.Arg(byArg), it.Element);
            if (alpha)
            {
                items[i] = new Item(it.Element, it.Index) { Weight = weight };
            }
            else
            {
                double score = 0;
                if (weight is not null && !TryParseScore(weight, out score))
                {
                    c.Error("ERR One or more scores can't be converted into double"u8);
                    return false;
                }

                items[i] = new Item(it.Element, it.Index) { Score = score };
            }
        }

        int sign = desc ? -1 : 1;
        items.Sort((x, y) =>
        {
            int cmp;
            if (alpha)
            {
                cmp = (x.Weight, y.Weight) switch
                {
                    (null, null) => 0,
                    (null, _) => -1,
                    (_, null) => 1,
                    _ => x.Weight.AsSpan().SequenceCompareTo(y.Weight),
                };
            }
            else
            {
                cmp = x.Score.CompareTo(y.Score);
                if (cmp == 0)
                {
                    cmp = x.Element.AsSpan().SequenceCompareTo(y.Element);
                }
            }

            cmp = Math.Sign(cmp) * sign;
            return cmp != 0 ? cmp : x.Index.CompareTo(y.Index);
        });
        return true;
    }

    /// <summary>
    /// SORT's BY/GET pattern: "#" is the element itself; otherwise the first '*' is replaced by the element, and
    /// "key->field" reads a hash field. Null when the pattern has no '*', the key is missing or of the other kind.
    /// </summary>
    private static byte[]? LookupByPattern(ref CommandContext c, ReadOnlySpan<byte> pattern, byte[] element)
    {
        if (pattern.Length == 1 && pattern[0] == (byte)'#')
        {
            return element;
        }

        int star = pattern.IndexOf((byte)'*');
        if (star < 0)
        {
            return null;
        }

        int arrow = pattern[(star + 1)..].IndexOf("->"u8);
        ReadOnlySpan<byte> field = default;
        int keyEnd = pattern.Length;
        if (arrow >= 0 && star + 1 + arrow + 2 < pattern.Length)
        {
            keyEnd = star + 1 + arrow;
            field = pattern[(keyEnd + 2)..];
        }

        bool hasField = keyEnd < pattern.Length;
        var key = new byte[keyEnd - 1 + element.Length];
        pattern[..star].CopyTo(key);
        element.CopyTo(key, star);
        pattern[(star + 1)..keyEnd].CopyTo(key.AsSpan(star + element.Length));
        int slot = c.Ks.LookupRead(c.Db, key);
        if (slot < 0)
        {
            return null;
        }

        object value = c.ValueAt(slot);
        if (hasField)
        {
            return value is HashValue h && h.TryGetValue(field, out byte[] v) ? v : null;
        }

        return value as byte[];
    }

    /// <summary>C strtod over the whole weight: leading whitespace allowed, "" is 0; NaN and out-of-range values fail.</summary>
    internal static bool TryParseScore(ReadOnlySpan<byte> s, out double score)
    {
        score = 0;
        if (s.Length == 0)
        {
            return true;
        }

        int p = 0;
        while (p < s.Length && s[p] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r')
        {
            p++;
        }

        ReadOnlySpan<byte> body = s[p..];
        if (body.Length == 0)
        {
            return false;
        }

        int sign = body[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        ReadOnlySpan<byte> unsigned = body[sign..];
        if (unsigned.Length > 2 && unsigned[0] == (byte)'0' && (unsigned[1] | 0x20) == (byte)'x')
        {
            if (!LongDouble.TryParse(body, out LongDouble ld))
            {
                return false;
            }

            score = ld.IsInfinity
                ? (ld.Negative ? double.NegativeInfinity : double.PositiveInfinity)
                : (ld.Negative ? -1 : 1) * Math.ScaleB(ld.Mantissa, ld.Exponent);
            return !double.IsInfinity(score) && (score != 0 || ld.Mantissa == 0);
        }

        if (System.Text.Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            score = body[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        // Decimal: digits [. digits] [e [sign] digits], nothing else.
        int q = 0;
        int digits = 0;
        bool nonZero = false;
        while (q < unsigned.Length && (uint)(unsigned[q] - '0') <= 9)
        {
            nonZero |= unsigned[q] != (byte)'0';
            q++;
            digits++;
        }

        if (q < unsigned.Length && unsigned[q] == (byte)'.')
        {
            q++;
            while (q < unsigned.Length && (uint)(unsigned[q] - '0') <= 9)
            {
                nonZero |= unsigned[q] != (byte)'0';
                q++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (q < unsigned.Length && (unsigned[q] | 0x20) == (byte)'e')
        {
            q++;
            if (q < unsigned.Length && unsigned[q] is (byte)'+' or (byte)'-')
            {
                q++;
            }

            int expDigits = 0;
            while (q < unsigned.Length && (uint)(unsigned[q] - '0') <= 9)
            {
                q++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        if (q != unsigned.Length ||
            !double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out score))
        {
            return false;
        }

        // strtod's ERANGE: overflow to infinity, or underflow (zero or subnormal) from a nonzero input.
        return !double.IsInfinity(score) && !(nonZero && Math.Abs(score) < double.Epsilon * 4503599627370496.0);
    }
}
