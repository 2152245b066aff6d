using System.Text;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>Redis command flags the server checks uniformly (read-only replica, OOM, stats).</summary>
[Flags]
public enum CommandFlags
{
    None = 0,

    /// <summary>May modify the dataset (rejected on a read-only replica).</summary>
    Write = 1,

    /// <summary>Only reads data.</summary>
    ReadOnly = 2,

    /// <summary>O(1) or O(log N).</summary>
    Fast = 4,

    /// <summary>May grow memory: rejected with -OOM while over maxmemory and nothing can be evicted.</summary>
    DenyOom = 8,

    /// <summary>Administrative / debugging.</summary>
    Admin = 16,

    /// <summary>May block the client until a key holds data (BLPOP...): the keyspace actor parks it.</summary>
    Blocking = 32,
}

/// <summary>Handles one command; replies to <see cref="CommandContext.Reply"/> and writes effects through the engine.</summary>
public delegate void CommandHandler(ref CommandContext ctx);

/// <summary>One command's metadata: name, Redis arity (positive exact, negative minimum, counting the name), flags and handler.</summary>
public sealed class CommandDefinition
{
    internal CommandDefinition(CommandId id, string name, int arity, CommandFlags flags, CommandHandler handler)
    {
        Id = id;
        Name = name;
        Arity = arity;
        Flags = flags;
        Handler = handler;
        ArityError = Encoding.ASCII.GetBytes($"ERR wrong number of arguments for '{name}' command");
    }

    public CommandId Id { get; }

    /// <summary>Lower-case name as Redis prints it in errors.</summary>
    public string Name { get; }

    public int Arity { get; }

    public CommandFlags Flags { get; }

    public bool IsWrite => (Flags & CommandFlags.Write) != 0;

    public bool IsDenyOom => (Flags & CommandFlags.DenyOom) != 0;

    public bool IsBlocking => (Flags & CommandFlags.Blocking) != 0;

    internal CommandHandler Handler { get; }

    /// <summary><c>ERR wrong number of arguments for 'name' command</c> (without the leading '-').</summary>
    public byte[] ArityError { get; }

    /// <summary>Redis arity rule for <paramref name="argCount"/> arguments (name included).</summary>
    public bool CheckArity(int argCount) => Arity >= 0 ? argCount == Arity : argCount >= -Arity;
}

/// <summary>
/// The keyspace's command table, indexed by <see cref="CommandId"/> (an array, no dictionary on the hot path).
/// Commands not listed here (connection, server, replication, transactions) belong to the server layer.
/// </summary>
public static class CommandTable
{
    private static readonly CommandDefinition?[] ById = Build();

    /// <summary>The definition for a command, or null when the keyspace does not implement it.</summary>
    public static CommandDefinition? Get(CommandId id)
    {
        int i = (int)id;
        return (uint)i < (uint)ById.Length ? ById[i] : null;
    }

    public static bool IsWrite(CommandId id) => Get(id)?.IsWrite ?? false;

    public static bool IsWrite(in RespCommand cmd) => IsWrite(cmd.Id);

    public static bool IsDenyOom(CommandId id) => Get(id)?.IsDenyOom ?? false;

    /// <summary>Every implemented command.</summary>
    public static IEnumerable<CommandDefinition> All
    {
        get
        {
            foreach (CommandDefinition? d in ById)
            {
                if (d is not null)
                {
                    yield return d;
                }
            }
        }
    }

    private static CommandDefinition?[] Build()
    {
        int max = 0;
        foreach (CommandId id in Enum.GetValues<CommandId>())
        {
            max = Math.Max(max, (int)id);
        }

        var t = new CommandDefinition?[max + 1];
        const CommandFlags W = CommandFlags.Write;
        const CommandFlags R = CommandFlags.ReadOnly;
        const CommandFlags F = CommandFlags.Fast;
        const CommandFlags M = CommandFlags.DenyOom;
        const CommandFlags B = CommandFlags.Blocking;

        void Add(CommandId id, string name, int arity, CommandFlags flags, CommandHandler h) =>
            t[(int)id] = new CommandDefinition(id, name, arity, flags, h);

        // Strings
        Add(CommandId.Get, "get", 2, R | F, StringCommands.Get);
        Add(CommandId.Set, "set", -3, W | M, StringCommands.Set);
        Add(CommandId.SetNx, "setnx", 3, W | M | F, StringCommands.SetNx);
        Add(CommandId.SetEx, "setex", 4, W | M, StringCommands.SetEx);
        Add(CommandId.PSetEx, "psetex", 4, W | M, StringCommands.PSetEx);
        Add(CommandId.GetSet, "getset", 3, W | M | F, StringCommands.GetSet);
        Add(CommandId.GetDel, "getdel", 2, W | F, StringCommands.GetDel);
        Add(CommandId.GetEx, "getex", -2, W | F, StringCommands.GetEx);
        Add(CommandId.MGet, "mget", -2, R | F, StringCommands.MGet);
        Add(CommandId.MSet, "mset", -3, W | M, StringCommands.MSet);
        Add(CommandId.MSetNx, "msetnx", -3, W | M, StringCommands.MSetNx);
        Add(CommandId.Incr, "incr", 2, W | M | F, StringCommands.Incr);
        Add(CommandId.Decr, "decr", 2, W | M | F, StringCommands.Decr);
        Add(CommandId.IncrBy, "incrby", 3, W | M | F, StringCommands.IncrBy);
        Add(CommandId.DecrBy, "decrby", 3, W | M | F, StringCommands.DecrBy);
        Add(CommandId.IncrByFloat, "incrbyfloat", 3, W | M | F, StringCommands.IncrByFloat);
        Add(CommandId.Append, "append", 3, W | M, StringCommands.Append);
        Add(CommandId.StrLen, "strlen", 2, R | F, StringCommands.StrLen);
        Add(CommandId.GetRange, "getrange", 4, R, StringCommands.GetRange);
        Add(CommandId.Substr, "substr", 4, R, StringCommands.GetRange);
        Add(CommandId.SetRange, "setrange", 4, W | M, StringCommands.SetRange);
        Add(CommandId.Lcs, "lcs", -3, R, StringCommands.Lcs);

        // Bitmaps
        Add(CommandId.SetBit, "setbit", 4, W | M, BitmapCommands.SetBit);
        Add(CommandId.GetBit, "getbit", 3, R | F, BitmapCommands.GetBit);
        Add(CommandId.BitCount, "bitcount", -2, R, BitmapCommands.BitCount);
        Add(CommandId.BitPos, "bitpos", -3, R, BitmapCommands.BitPos);

        // Keys
        Add(CommandId.Del, "del", -2, W, KeyCommands.Del);
        Add(CommandId.Unlink, "unlink", -2, W | F, KeyCommands.Unlink);
        Add(CommandId.Exists, "exists", -2, R | F, KeyCommands.Exists);
        Add(CommandId.Type, "type", 2, R | F, KeyCommands.Type);
        Add(CommandId.Expire, "expire", -3, W | F, KeyCommands.Expire);
        Add(CommandId.PExpire, "pexpire", -3, W | F, KeyCommands.PExpire);
        Add(CommandId.ExpireAt, "expireat", -3, W | F, KeyCommands.ExpireAt);
        Add(CommandId.PExpireAt, "pexpireat", -3, W | F, KeyCommands.PExpireAt);
        Add(CommandId.ExpireTime, "expiretime", 2, R | F, KeyCommands.ExpireTime);
        Add(CommandId.PExpireTime, "pexpiretime", 2, R | F, KeyCommands.PExpireTime);
        Add(CommandId.Ttl, "ttl", 2, R | F, KeyCommands.Ttl);
        Add(CommandId.PTtl, "pttl", 2, R | F, KeyCommands.PTtl);
        Add(CommandId.Persist, "persist", 2, W | F, KeyCommands.Persist);
        Add(CommandId.Rename, "rename", 3, W, KeyCommands.Rename);
        Add(CommandId.RenameNx, "renamenx", 3, W | F, KeyCommands.RenameNx);
        Add(CommandId.Keys, "keys", 2, R, KeyCommands.Keys);
        Add(CommandId.Scan, "scan", -2, R, KeyCommands.Scan);
        Add(CommandId.RandomKey, "randomkey", 1, R, KeyCommands.RandomKey);
        Add(CommandId.Touch, "touch", -2, R | F, KeyCommands.Touch);
        Add(CommandId.DbSize, "dbsize", 1, R | F, KeyCommands.DbSize);
        Add(CommandId.FlushDb, "flushdb", -1, W, KeyCommands.FlushDb);
        Add(CommandId.FlushAll, "flushall", -1, W, KeyCommands.FlushAll);
        Add(CommandId.Select, "select", 2, F, KeyCommands.Select);
        Add(CommandId.Copy, "copy", -3, W | M, KeyCommands.Copy);
        Add(CommandId.Move, "move", 3, W | F, KeyCommands.Move);
        Add(CommandId.SwapDb, "swapdb", 3, W | F, KeyCommands.SwapDb);
        Add(CommandId.Object, "object", -2, R, KeyCommands.Object);
        Add(CommandId.Sort, "sort", -2, W | M, SortCommand.Sort);
        Add(CommandId.Dump, "dump", 2, R, DumpCommands.Dump);
        Add(CommandId.Restore, "restore", -4, W | M, DumpCommands.Restore);
        Add(CommandId.SortRo, "sort_ro", -2, R, SortCommand.SortRo);

        // Hashes
        Add(CommandId.HSet, "hset", -4, W | M | F, HashCommands.HSet);
        Add(CommandId.HMSet, "hmset", -4, W | M | F, HashCommands.HMSet);
        Add(CommandId.HSetNx, "hsetnx", 4, W | M | F, HashCommands.HSetNx);
        Add(CommandId.HGet, "hget", 3, R | F, HashCommands.HGet);
        Add(CommandId.HMGet, "hmget", -3, R | F, HashCommands.HMGet);
        Add(CommandId.HDel, "hdel", -3, W | F, HashCommands.HDel);
        Add(CommandId.HGetAll, "hgetall", 2, R, HashCommands.HGetAll);
        Add(CommandId.HKeys, "hkeys", 2, R, HashCommands.HKeys);
        Add(CommandId.HVals, "hvals", 2, R, HashCommands.HVals);
        Add(CommandId.HLen, "hlen", 2, R | F, HashCommands.HLen);
        Add(CommandId.HExists, "hexists", 3, R | F, HashCommands.HExists);
        Add(CommandId.HStrLen, "hstrlen", 3, R | F, HashCommands.HStrLen);
        Add(CommandId.HIncrBy, "hincrby", 4, W | M | F, HashCommands.HIncrBy);
        Add(CommandId.HIncrByFloat, "hincrbyfloat", 4, W | M | F, HashCommands.HIncrByFloat);
        Add(CommandId.HScan, "hscan", -3, R, HashCommands.HScan);
        Add(CommandId.HRandField, "hrandfield", -2, R, HashCommands.HRandField);

        // Lists
        Add(CommandId.LPush, "lpush", -3, W | M | F, ListCommands.LPush);
        Add(CommandId.RPush, "rpush", -3, W | M | F, ListCommands.RPush);
        Add(CommandId.LPushX, "lpushx", -3, W | M | F, ListCommands.LPushX);
        Add(CommandId.RPushX, "rpushx", -3, W | M | F, ListCommands.RPushX);
        Add(CommandId.LPop, "lpop", -2, W | F, ListCommands.LPop);
        Add(CommandId.RPop, "rpop", -2, W | F, ListCommands.RPop);
        Add(CommandId.LRange, "lrange", 4, R, ListCommands.LRange);
        Add(CommandId.LLen, "llen", 2, R | F, ListCommands.LLen);
        Add(CommandId.LIndex, "lindex", 3, R, ListCommands.LIndex);
        Add(CommandId.LSet, "lset", 4, W | M, ListCommands.LSet);
        Add(CommandId.LRem, "lrem", 4, W, ListCommands.LRem);
        Add(CommandId.LTrim, "ltrim", 4, W, ListCommands.LTrim);
        Add(CommandId.LInsert, "linsert", 5, W | M, ListCommands.LInsert);
        Add(CommandId.LPos, "lpos", -3, R, ListCommands.LPos);
        Add(CommandId.LMove, "lmove", 5, W | M, ListCommands.LMove);
        Add(CommandId.RPopLPush, "rpoplpush", 3, W | M, ListCommands.RPopLPush);
        Add(CommandId.LMPop, "lmpop", -4, W, ListCommands.LMPop);
        Add(CommandId.BLPop, "blpop", -3, W | B, BlockingCommands.BLPop);
        Add(CommandId.BRPop, "brpop", -3, W | B, BlockingCommands.BRPop);
        Add(CommandId.BLMove, "blmove", 6, W | M | B, BlockingCommands.BLMove);
        Add(CommandId.BRPopLPush, "brpoplpush", 4, W | M | B, BlockingCommands.BRPopLPush);
        Add(CommandId.BLMPop, "blmpop", -5, W | B, BlockingCommands.BLMPop);

        // Sets
        Add(CommandId.SAdd, "sadd", -3, W | M | F, SetCommands.SAdd);
        Add(CommandId.SRem, "srem", -3, W | F, SetCommands.SRem);
        Add(CommandId.SMembers, "smembers", 2, R, SetCommands.SMembers);
        Add(CommandId.SIsMember, "sismember", 3, R | F, SetCommands.SIsMember);
        Add(CommandId.SMIsMember, "smismember", -3, R | F, SetCommands.SMIsMember);
        Add(CommandId.SCard, "scard", 2, R | F, SetCommands.SCard);
        Add(CommandId.SPop, "spop", -2, W | F, SetCommands.SPop);
        Add(CommandId.SRandMember, "srandmember", -2, R, SetCommands.SRandMember);
        Add(CommandId.SInter, "sinter", -2, R, SetCommands.SInter);
        Add(CommandId.SUnion, "sunion", -2, R, SetCommands.SUnion);
        Add(CommandId.SDiff, "sdiff", -2, R, SetCommands.SDiff);
        Add(CommandId.SScan, "sscan", -3, R, SetCommands.SScan);
        Add(CommandId.SMove, "smove", 4, W | F, SetCommands.SMove);
        Add(CommandId.SInterStore, "sinterstore", -3, W | M, SetCommands.SInterStore);
        Add(CommandId.SUnionStore, "sunionstore", -3, W | M, SetCommands.SUnionStore);
        Add(CommandId.SDiffStore, "sdiffstore", -3, W | M, SetCommands.SDiffStore);
        Add(CommandId.SInterCard, "sintercard", -3, R, SetCommands.SInterCard);

        // Sorted sets
        Add(CommandId.ZAdd, "zadd", -4, W | M | F, SortedSetCommands.ZAdd);
        Add(CommandId.ZIncrBy, "zincrby", 4, W | M | F, SortedSetCommands.ZIncrBy);
        Add(CommandId.ZRem, "zrem", -3, W | F, SortedSetCommands.ZRem);
        Add(CommandId.ZCard, "zcard", 2, R | F, SortedSetCommands.ZCard);
        Add(CommandId.ZScore, "zscore", 3, R | F, SortedSetCommands.ZScore);
        Add(CommandId.ZMScore, "zmscore", -3, R | F, SortedSetCommands.ZMScore);
        Add(CommandId.ZRank, "zrank", 3, R | F, SortedSetCommands.ZRank);
        Add(CommandId.ZRevRank, "zrevrank", 3, R | F, SortedSetCommands.ZRevRank);
        Add(CommandId.ZCount, "zcount", 4, R | F, SortedSetCommands.ZCount);
        Add(CommandId.ZLexCount, "zlexcount", 4, R | F, SortedSetCommands.ZLexCount);
        Add(CommandId.ZRange, "zrange", -4, R, SortedSetCommands.ZRange);
        Add(CommandId.ZRangeStore, "zrangestore", -5, W | M, SortedSetCommands.ZRangeStore);
        Add(CommandId.ZRevRange, "zrevrange", -4, R, SortedSetCommands.ZRevRange);
        Add(CommandId.ZRangeByScore, "zrangebyscore", -4, R, SortedSetCommands.ZRangeByScore);
        Add(CommandId.ZRevRangeByScore, "zrevrangebyscore", -4, R, SortedSetCommands.ZRevRangeByScore);
        Add(CommandId.ZRangeByLex, "zrangebylex", -4, R, SortedSetCommands.ZRangeByLex);
        Add(CommandId.ZRevRangeByLex, "zrevrangebylex", -4, R, SortedSetCommands.ZRevRangeByLex);
        Add(CommandId.ZRemRangeByRank, "zremrangebyrank", 4, W, SortedSetCommands.ZRemRangeByRank);
        Add(CommandId.ZRemRangeByScore, "zremrangebyscore", 4, W, SortedSetCommands.ZRemRangeByScore);
        Add(CommandId.ZRemRangeByLex, "zremrangebylex", 4, W, SortedSetCommands.ZRemRangeByLex);
        Add(CommandId.ZPopMin, "zpopmin", -2, W | F, SortedSetCommands.ZPopMin);
        Add(CommandId.ZPopMax, "zpopmax", -2, W | F, SortedSetCommands.ZPopMax);
        Add(CommandId.ZMPop, "zmpop", -4, W, BlockingCommands.ZMPop);
        Add(CommandId.BZPopMin, "bzpopmin", -3, W | F | B, BlockingCommands.BZPopMin);
        Add(CommandId.BZPopMax, "bzpopmax", -3, W | F | B, BlockingCommands.BZPopMax);
        Add(CommandId.BZMPop, "bzmpop", -5, W | B, BlockingCommands.BZMPop);
        Add(CommandId.ZRandMember, "zrandmember", -2, R, SortedSetCommands.ZRandMember);
        Add(CommandId.ZScan, "zscan", -3, R, SortedSetCommands.ZScan);
        Add(CommandId.ZUnion, "zunion", -3, R, SortedSetCommands.ZUnion);
        Add(CommandId.ZInter, "zinter", -3, R, SortedSetCommands.ZInter);
        Add(CommandId.ZDiff, "zdiff", -3, R, SortedSetCommands.ZDiff);
        Add(CommandId.ZUnionStore, "zunionstore", -4, W | M, SortedSetCommands.ZUnionStore);
        Add(CommandId.ZInterStore, "zinterstore", -4, W | M, SortedSetCommands.ZInterStore);
        Add(CommandId.ZDiffStore, "zdiffstore", -4, W | M, SortedSetCommands.ZDiffStore);
        Add(CommandId.ZInterCard, "zintercard", -3, R, SortedSetCommands.ZInterCard);

        // Debugging
        Add(CommandId.Debug, "debug", -2, CommandFlags.Admin, ServerCommands.Debug);
        return t;
    }
}
