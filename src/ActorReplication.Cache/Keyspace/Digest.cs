using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// DEBUG DIGEST: Redis's dataset digest (debug.c computeDatasetDigest). Per key a 20-byte SHA1 chain over key, type and
/// value (set members and hash fields folded with XOR so their order does not matter), combined across keys by XORing
/// each key's SHA1 so insertion order does not matter; the database id is mixed in per non-empty database. Identical to Redis for keys
/// without a TTL; a key with a TTL also mixes in its absolute expiry time (Redis mixes only the "!!expire!!" marker),
/// so two datasets digest equal exactly when keys, types, values and absolute expiries are equal.
/// An empty dataset digests to 40 zeros.
/// </summary>
public static class Digest
{
    public const int Size = 20;

    public static void Compute(KeyspaceEngine ks, Span<byte> final)
    {
        final[..Size].Clear();
        Span<byte> digest = stackalloc byte[Size];
        Span<byte> aux = stackalloc byte[4];
        for (int j = 0; j < ks.DatabaseCount; j++)
        {
            Database db = ks.GetDatabase(j);
            if (db.Count == 0)
            {
                continue;
            }

            BinaryPrimitives.WriteInt32BigEndian(aux, j);
            Mix(final, aux);
            for (int s = 0; s < db.Keys.SlotLimit; s++)
            {
                byte[]? key = db.Keys.KeyAt(s);
                if (key is null)
                {
                    continue;
                }

                digest.Clear();
                Mix(digest, key);
                ObjectDigest(digest, db.EntryAt(s).Value, db.GetExpire(s));
                XorHash(final, digest); // as Redis: each key's digest enters through its SHA1
            }
        }
    }

    /// <summary>The digest of one value with its expiry (DEBUG DIGEST-VALUE), into a zeroed 20-byte span.</summary>
    public static void ObjectDigest(Span<byte> digest, object value, long expireAt)
    {
        Span<byte> aux = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(aux, (int)Values.TypeOf(value));
        Mix(digest, aux[..4]);
        switch (value)
        {
            case byte[] s:
                Mix(digest, s);
                break;
            case ListValue l:
                for (int i = 0; i < l.Count; i++)
                {
                    Mix(digest, l[i]);
                }

                break;
            case SetValue set:
                for (int i = 0; i < set.SlotLimit; i++)
                {
                    byte[]? m = set.KeyAt(i);
                    if (m is not null)
                    {
                        XorHash(digest, m);
                    }
                }

                break;
            case HashValue h:
                Span<byte> ele = stackalloc byte[Size];
                for (int i = 0; i < h.SlotLimit; i++)
                {
                    byte[]? f = h.KeyAt(i);
                    if (f is null)
                    {
                        continue;
                    }

                    ele.Clear();
                    Mix(ele, f);
                    Mix(ele, h.ValueAt(i));
                    XorHash(digest, ele); // as Redis: each field's digest enters through its SHA1
                }

                break;
            case SortedSetValue z:
                // As Redis: per element SHA1-mix the member then the score's %.17g text; each element's SHA1 is XORed in.
                Span<byte> element = stackalloc byte[Size];
                Span<byte> text = stackalloc byte[ActorReplication.Resp.RespDoubleFormatter.MaxLength];
                for (SkipListNode? n = z.Ordered.First; n is not null; n = n.Next)
                {
                    element.Clear();
                    Mix(element, n.Member);
                    Mix(element, text[..ActorReplication.Resp.RespDoubleFormatter.FormatG17(n.Score, text)]);
                    XorHash(digest, element);
                }

                break;
        }

        if (expireAt != -1)
        {
            XorHash(digest, "!!expire!!"u8);
            BinaryPrimitives.WriteInt64BigEndian(aux, expireAt);
            Mix(digest, aux);
        }
    }

    /// <summary>Lower-case hex of a digest (40 characters).</summary>
    public static string ToHex(ReadOnlySpan<byte> digest) => Convert.ToHexStringLower(digest);

    /// <summary>digest ^= SHA1(data)</summary>
    private static void XorHash(Span<byte> digest, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA1.HashData(data, hash);
        Xor(digest, hash);
    }

    /// <summary>digest = SHA1(digest ^ SHA1(data)) — order-dependent mixing.</summary>
    private static void Mix(Span<byte> digest, ReadOnlySpan<byte> data)
    {
        XorHash(digest, data);
        Span<byte> copy = stackalloc byte[Size];
        digest[..Size].CopyTo(copy);
        SHA1.HashData(copy, digest);
    }

    private static void Xor(Span<byte> digest, ReadOnlySpan<byte> other)
    {
        for (int i = 0; i < Size; i++)
        {
            digest[i] ^= other[i];
        }
    }
}
