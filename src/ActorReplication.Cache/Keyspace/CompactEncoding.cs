using ActorReplication.Resp;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Whether Redis 7.0 would hold a value in its compact encoding (listpack, intset) under the given thresholds, judged
/// from the value as it is now (Redis decides as the value grows and never converts back; see OBJECT ENCODING).
/// </summary>
public static class CompactEncoding
{
    public static bool IsListpack(HashValue hash, EncodingThresholds t)
    {
        if (hash.Count > t.HashMaxListpackEntries)
        {
            return false;
        }

        for (int i = 0; i < hash.SlotLimit; i++)
        {
            byte[]? field = hash.KeyAt(i);
            if (field is not null && (field.Length > t.HashMaxListpackValue || hash.ValueAt(i).Length > t.HashMaxListpackValue))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsIntset(SetValue set, EncodingThresholds t)
    {
        if (set.Count > t.SetMaxIntsetEntries)
        {
            return false;
        }

        for (int i = 0; i < set.SlotLimit; i++)
        {
            byte[]? member = set.KeyAt(i);
            if (member is not null && !RespNumber.TryParseInt64(member, out _))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsListpack(SortedSetValue zset, EncodingThresholds t)
    {
        if (zset.Count > t.ZSetMaxListpackEntries)
        {
            return false;
        }

        for (int i = 0; i < zset.SlotLimit; i++)
        {
            byte[]? member = zset.KeyAt(i);
            if (member is not null && member.Length > t.ZSetMaxListpackValue)
            {
                return false;
            }
        }

        return true;
    }
}
