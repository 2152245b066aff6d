using ActorReplication.Cache.Keyspace;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

/// <summary>The exact replication stream each command kind produces.</summary>
public class EffectsTests
{
    private readonly Harness h = new(startMs: 1_000_000);

    private string Effects(params string[] args)
    {
        h.Run(args);
        return h.TakeEffects();
    }

    [Fact]
    public void GoldenStreamForEveryCommandKind()
    {
        // The first effect of the stream selects the database.
        Assert.Equal(Cmd("SELECT", "0") + Cmd("SET", "k", "v"), Effects("SET", "k", "v"));
        Assert.Equal(Cmd("SET", "k", "v", "PXAT", "1010000"), Effects("SET", "k", "v", "EX", "10"));
        Assert.Equal(Cmd("SET", "k", "v", "PXAT", "1000500"), Effects("SET", "k", "v", "PX", "500", "GET"));
        Assert.Equal(Cmd("SET", "k", "v", "PXAT", "5000000"), Effects("SET", "k", "v", "EXAT", "5000"));
        Assert.Equal(Cmd("SET", "k", "w", "KEEPTTL"), Effects("SET", "k", "w", "KEEPTTL"));
        Assert.Equal("", Effects("SET", "k", "x", "NX"));
        Assert.Equal("", Effects("SETNX", "k", "x"));
        Assert.Equal(Cmd("SET", "n", "x"), Effects("SETNX", "n", "x"));
        Assert.Equal(Cmd("SET", "k", "v", "PXAT", "1003000"), Effects("SETEX", "k", "3", "v"));
        Assert.Equal(Cmd("SET", "k", "v", "PXAT", "1000300"), Effects("PSETEX", "k", "300", "v"));
        Assert.Equal(Cmd("SET", "k", "g"), Effects("GETSET", "k", "g"));
        Assert.Equal(Cmd("PEXPIREAT", "k", "1002000"), Effects("GETEX", "k", "EX", "2"));
        Assert.Equal(Cmd("PERSIST", "k"), Effects("GETEX", "k", "PERSIST"));
        Assert.Equal("", Effects("GETEX", "k", "PERSIST"));
        Assert.Equal("", Effects("GETEX", "k"));
        Assert.Equal(Cmd("DEL", "k"), Effects("GETDEL", "k"));
        Assert.Equal("", Effects("GETDEL", "k"));
        Assert.Equal(Cmd("MSET", "a", "1", "b", "2"), Effects("MSET", "a", "1", "b", "2"));
        Assert.Equal("", Effects("MSETNX", "a", "1", "c", "3"));
        Assert.Equal(Cmd("MSETNX", "c", "3", "d", "4"), Effects("MSETNX", "c", "3", "d", "4"));
        Assert.Equal(Cmd("INCR", "a"), Effects("INCR", "a"));
        Assert.Equal(Cmd("DECRBY", "a", "5"), Effects("DECRBY", "a", "5"));
        Assert.Equal("", Effects("INCR", "n"));
        Assert.Equal(Cmd("SET", "f", "1.5", "KEEPTTL"), Effects("INCRBYFLOAT", "f", "1.5"));
        Assert.Equal(Cmd("APPEND", "f", "0"), Effects("APPEND", "f", "0"));
        Assert.Equal(Cmd("SETRANGE", "f", "0", "2"), Effects("SETRANGE", "f", "0", "2"));
        Assert.Equal("", Effects("SETRANGE", "f", "0", ""));
        Assert.Equal("", Effects("GET", "a"));

        // Keys
        Assert.Equal(Cmd("DEL", "a", "b"), Effects("DEL", "a", "zz", "b"));
        Assert.Equal("", Effects("DEL", "a"));
        Assert.Equal(Cmd("UNLINK", "c"), Effects("UNLINK", "c", "zz"));
        Assert.Equal(Cmd("PEXPIREAT", "d", "1100000"), Effects("EXPIRE", "d", "100"));
        Assert.Equal(Cmd("PEXPIREAT", "d", "1000100"), Effects("PEXPIRE", "d", "100"));
        Assert.Equal(Cmd("PEXPIREAT", "d", "2000000"), Effects("EXPIREAT", "d", "2000"));
        Assert.Equal(Cmd("PEXPIREAT", "d", "2000001"), Effects("PEXPIREAT", "d", "2000001"));
        Assert.Equal("", Effects("EXPIRE", "d", "10", "NX"));
        Assert.Equal("", Effects("EXPIRE", "zz", "10"));
        Assert.Equal(Cmd("PERSIST", "d"), Effects("PERSIST", "d"));
        Assert.Equal("", Effects("PERSIST", "d"));
        Assert.Equal(Cmd("RENAME", "d", "e"), Effects("RENAME", "d", "e"));
        Assert.Equal(Cmd("RENAMENX", "e", "g"), Effects("RENAMENX", "e", "g"));
        Assert.Equal("", Effects("RENAMENX", "g", "f"));
        Assert.Equal(Cmd("DEL", "g"), Effects("EXPIRE", "g", "-1"));

        // Hashes
        Assert.Equal(Cmd("HSET", "h", "a", "1", "b", "2"), Effects("HSET", "h", "a", "1", "b", "2"));
        Assert.Equal(Cmd("HMSET", "h", "c", "3"), Effects("HMSET", "h", "c", "3"));
        Assert.Equal("", Effects("HSETNX", "h", "a", "9"));
        Assert.Equal(Cmd("HSETNX", "h", "z", "9"), Effects("HSETNX", "h", "z", "9"));
        Assert.Equal(Cmd("HDEL", "h", "z", "nope"), Effects("HDEL", "h", "z", "nope"));
        Assert.Equal("", Effects("HDEL", "h", "nope"));
        Assert.Equal(Cmd("HINCRBY", "h", "a", "5"), Effects("HINCRBY", "h", "a", "5"));
        Assert.Equal(Cmd("HSET", "h", "fl", "0.25"), Effects("HINCRBYFLOAT", "h", "fl", "0.25"));

        // Lists
        Assert.Equal(Cmd("RPUSH", "l", "a", "b", "c", "d"), Effects("RPUSH", "l", "a", "b", "c", "d"));
        Assert.Equal(Cmd("LPUSH", "l", "z"), Effects("LPUSH", "l", "z"));
        Assert.Equal("", Effects("LPUSHX", "nol", "z"));
        Assert.Equal(Cmd("RPUSHX", "l", "e"), Effects("RPUSHX", "l", "e"));
        Assert.Equal(Cmd("LPOP", "l"), Effects("LPOP", "l"));
        Assert.Equal(Cmd("RPOP", "l", "2"), Effects("RPOP", "l", "2"));
        Assert.Equal("", Effects("LPOP", "nol"));
        Assert.Equal(Cmd("LSET", "l", "0", "A"), Effects("LSET", "l", "0", "A"));
        Assert.Equal(Cmd("LREM", "l", "0", "b"), Effects("LREM", "l", "0", "b"));
        Assert.Equal("", Effects("LREM", "l", "0", "nothing"));
        Assert.Equal("", Effects("LTRIM", "l", "0", "-1"));
        Assert.Equal(Cmd("LTRIM", "l", "1", "-1"), Effects("LTRIM", "l", "1", "-1"));

        // Sets
        Assert.Equal(Cmd("SADD", "s", "a", "b", "c"), Effects("SADD", "s", "a", "b", "c"));
        Assert.Equal("", Effects("SADD", "s", "a"));
        Assert.Equal(Cmd("SREM", "s", "a", "zz"), Effects("SREM", "s", "a", "zz"));
        Assert.Equal("", Effects("SREM", "s", "zz"));
        Assert.Equal(Cmd("SMOVE", "s", "t", "b"), Effects("SMOVE", "s", "t", "b"));
        Assert.Equal("", Effects("SMOVE", "s", "t", "nope"));
        string pop = h.Run("SPOP", "s");
        Assert.Equal(Cmd("SREM", "s", "c"), h.TakeEffects());
        Assert.Equal(Bulk("c"), pop);
        h.Run("SADD", "p", "x", "y", "z");
        h.TakeEffects();
        string popped = h.Run("SPOP", "p", "2");
        string[] parts = popped.Split("\r\n");
        Assert.Equal(Cmd("SREM", "p", parts[2], parts[4]), h.TakeEffects());
        Assert.Equal(Cmd("DEL", "p"), Effects("SPOP", "p", "5"));

        // Databases and flushes
        Assert.Equal(Ok, h.Run("SELECT", "2"));
        Assert.Equal("", h.TakeEffects());
        Assert.Equal(Cmd("SELECT", "2") + Cmd("SET", "x", "1"), Effects("SET", "x", "1"));
        Assert.Equal(Cmd("SET", "y", "1"), Effects("SET", "y", "1"));
        Assert.Equal(Cmd("FLUSHDB"), Effects("FLUSHDB"));
        h.Run("SELECT", "0");
        Assert.Equal(Cmd("SELECT", "0") + Cmd("DEBUG", "POPULATE", "2", "pk"), Effects("DEBUG", "POPULATE", "2", "pk"));
        Assert.Equal("", Effects("DEBUG", "POPULATE", "2", "pk"));
        Assert.Equal(Cmd("FLUSHALL"), Effects("FLUSHALL"));
    }

    [Fact]
    public void GoldenStreamForTheParityCommands()
    {
        // Strings and bitmaps: SETBIT is propagated as itself, even when the bit does not change (as Redis does).
        Assert.Equal(Cmd("SELECT", "0") + Cmd("SETBIT", "b", "7", "1"), Effects("SETBIT", "b", "7", "1"));
        Assert.Equal(Cmd("SETBIT", "b", "7", "1"), Effects("SETBIT", "b", "7", "1"));
        Assert.Equal("", Effects("SETBIT", "b", "-1", "1"));
        Assert.Equal(Cmd("SET", "f", "0.1", "KEEPTTL"), Effects("INCRBYFLOAT", "f", "0.1"));
        Assert.Equal(Cmd("SET", "f", "0.2", "KEEPTTL"), Effects("INCRBYFLOAT", "f", "0.1"));
        Assert.Equal(Cmd("SET", "f", "0.3", "KEEPTTL"), Effects("INCRBYFLOAT", "f", "0.1"));
        Assert.Equal(Cmd("HSET", "hf", "x", "0.3"), Effects("HINCRBYFLOAT", "hf", "x", "0.3"));
        Assert.Equal("", Effects("GETBIT", "b", "7"));
        Assert.Equal("", Effects("BITCOUNT", "b"));
        Assert.Equal("", Effects("BITPOS", "b", "1"));
        Assert.Equal("", Effects("LCS", "b", "f"));

        // Keys: COPY, MOVE and SWAPDB as themselves, only when they change something.
        h.Run("SET", "k1", "1");
        h.TakeEffects();
        Assert.Equal(Cmd("COPY", "k1", "k2"), Effects("COPY", "k1", "k2"));
        Assert.Equal("", Effects("COPY", "k1", "k2"));
        Assert.Equal(Cmd("COPY", "k1", "k2", "DB", "1", "REPLACE"), Effects("COPY", "k1", "k2", "DB", "1", "REPLACE"));
        Assert.Equal("", Effects("COPY", "nokey", "c"));
        Assert.Equal("", Effects("MOVE", "k2", "1"));
        Assert.Equal(Cmd("MOVE", "k1", "2"), Effects("MOVE", "k1", "2"));
        Assert.Equal("", Effects("MOVE", "k1", "2"));
        Assert.Equal(Cmd("SWAPDB", "0", "2"), Effects("SWAPDB", "0", "2"));
        Assert.Equal("", Effects("SWAPDB", "x", "2"));
        Assert.Equal("", Effects("OBJECT", "ENCODING", "k1"));
        Assert.Equal(Cmd("SWAPDB", "0", "2"), Effects("SWAPDB", "0", "2"));

        // Lists: LINSERT, LMOVE and RPOPLPUSH as themselves; LMPOP as the pop it did.
        h.Run("RPUSH", "l", "a", "b", "c");
        h.TakeEffects();
        Assert.Equal(Cmd("LINSERT", "l", "BEFORE", "b", "x"), Effects("LINSERT", "l", "BEFORE", "b", "x"));
        Assert.Equal("", Effects("LINSERT", "l", "BEFORE", "zz", "x"));
        Assert.Equal(Cmd("LMOVE", "l", "l2", "LEFT", "RIGHT"), Effects("LMOVE", "l", "l2", "LEFT", "RIGHT"));
        Assert.Equal(Cmd("RPOPLPUSH", "l", "l2"), Effects("RPOPLPUSH", "l", "l2"));
        Assert.Equal("", Effects("RPOPLPUSH", "nol", "l2"));
        Assert.Equal(Cmd("RPOP", "l", "2"), Effects("LMPOP", "2", "nol", "l", "RIGHT", "COUNT", "5"));
        Assert.Equal(Cmd("LPOP", "l2", "1"), Effects("LMPOP", "1", "l2", "LEFT"));
        Assert.Equal("", Effects("LMPOP", "1", "nol", "LEFT"));
        Assert.Equal("", Effects("LPOS", "l2", "c"));

        // SORT ... STORE as its result.
        h.Run("RPUSH", "n", "3", "1", "2");
        h.TakeEffects();
        Assert.Equal(Cmd("RPUSH", "sn", "1", "2", "3"), Effects("SORT", "n", "STORE", "sn"));
        Assert.Equal(Cmd("DEL", "sn") + Cmd("RPUSH", "sn", "3"), Effects("SORT", "n", "DESC", "LIMIT", "0", "1", "STORE", "sn"));
        Assert.Equal(Cmd("DEL", "sn"), Effects("SORT", "nokey", "STORE", "sn"));
        Assert.Equal("", Effects("SORT", "nokey", "STORE", "sn"));
        Assert.Equal("", Effects("SORT", "n"));
        Assert.Equal("", Effects("SORT_RO", "n"));

        // Sets: the *STORE commands as themselves, always (Redis counts them as changes even when nothing changed).
        h.Run("SADD", "s1", "a", "b", "c");
        h.Run("SADD", "s2", "b", "c", "d");
        h.TakeEffects();
        Assert.Equal(Cmd("SINTERSTORE", "d", "s1", "s2"), Effects("SINTERSTORE", "d", "s1", "s2"));
        Assert.Equal(Cmd("SUNIONSTORE", "d", "s1", "s2"), Effects("SUNIONSTORE", "d", "s1", "s2"));
        Assert.Equal(Cmd("SDIFFSTORE", "d", "s1", "s2"), Effects("SDIFFSTORE", "d", "s1", "s2"));
        Assert.Equal(Cmd("SINTERSTORE", "d", "s1", "nokey"), Effects("SINTERSTORE", "d", "s1", "nokey"));
        Assert.Equal("", Effects("SINTERCARD", "2", "s1", "s2"));
        h.Run("HSET", "h", "f", "v");
        h.TakeEffects();
        Assert.Equal("", Effects("HRANDFIELD", "h", "-3", "WITHVALUES"));
    }

    [Fact]
    public void LazyExpiryInAnotherDatabaseIsSelectedThere()
    {
        h.Run("SELECT", "1");
        h.Run("SET", "e", "old", "PX", "10");
        h.Run("SELECT", "0");
        h.Run("SET", "src", "new");
        h.TakeEffects();
        h.Clock.Advance(11);
        Assert.Equal(Int(1), h.Run("COPY", "src", "e", "DB", "1"));
        Assert.Equal(Cmd("SELECT", "1") + Cmd("DEL", "e") + Cmd("SELECT", "0") + Cmd("COPY", "src", "e", "DB", "1"), h.TakeEffects());
        h.Run("SELECT", "1");
        h.Run("SET", "m", "old", "PX", "10");
        h.Run("SELECT", "0");
        h.Run("SET", "m", "new");
        h.TakeEffects();
        h.Clock.Advance(11);
        Assert.Equal(Int(1), h.Run("MOVE", "m", "1"));
        Assert.Equal(Cmd("SELECT", "1") + Cmd("DEL", "m") + Cmd("SELECT", "0") + Cmd("MOVE", "m", "1"), h.TakeEffects());
    }

    [Fact]
    public void ExpiredKeysBecomeDelOnAccessAndInActiveCycle()
    {
        h.Run("SET", "a", "1", "PX", "100");
        h.Run("SET", "b", "1", "PX", "100");
        h.TakeEffects();
        h.Clock.Advance(101);
        Assert.Equal(Nil, h.Run("GET", "a"));
        Assert.Equal(Cmd("DEL", "a"), h.TakeEffects());
        Assert.Equal(1, h.Ks.ActiveExpireCycle(h.EffectsWriter));
        Assert.Equal(Cmd("DEL", "b"), h.TakeEffects());
        Assert.Equal(2, h.Ks.Stats.ExpiredKeys);
    }

    [Fact]
    public void LazyExpiryDelPrecedesTheCommandsOwnEffect()
    {
        h.Run("SET", "k", "1", "PX", "10");
        h.TakeEffects();
        h.Clock.Advance(11);
        h.Run("SET", "k", "2", "KEEPTTL");
        Assert.Equal(Cmd("DEL", "k") + Cmd("SET", "k", "2", "KEEPTTL"), h.TakeEffects());
        Assert.Equal(Int(-1), h.Run("TTL", "k"));
    }

    [Fact]
    public void SelectIsReEmittedAfterReset()
    {
        h.Run("SET", "k", "1");
        h.TakeEffects();
        h.Ks.ResetEffectsDatabase();
        Assert.Equal(-1, h.Ks.LastEffectsDatabase);
        h.Run("SET", "k", "2");
        Assert.Equal(Cmd("SELECT", "0") + Cmd("SET", "k", "2"), h.TakeEffects());
    }

    [Fact]
    public void NoEffectsWriterMeansNoWork()
    {
        var ks = new KeyspaceEngine(new KeyspaceSettings(), new ManualClock());
        var sink = new System.Buffers.ArrayBufferWriter<byte>();
        ks.Execute(new ClientSession(), Resp.RespCommand.Create("SET", "k", "v", "EX", "10"), new Resp.RespWriter(sink), null);
        Assert.Equal(Ok, Latin1(sink.WrittenSpan));
    }
}
