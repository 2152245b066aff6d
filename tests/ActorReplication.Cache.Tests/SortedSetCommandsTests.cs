using ActorReplication.Cache.Keyspace;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class SortedSetCommandsTests
{
    private readonly Harness h = new(startMs: 1_000_000);

    [Fact]
    public void Zadd_options_and_replies()
    {
        Assert.Equal(Int(3), h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        Assert.Equal(Int(1), h.Run("ZADD", "z", "NX", "5", "a", "5", "n"));
        Assert.Equal(Bulk("1"), h.Run("ZSCORE", "z", "a"));
        Assert.Equal(Int(0), h.Run("ZADD", "z", "XX", "6", "a", "6", "x"));
        Assert.Equal(Nil, h.Run("ZSCORE", "z", "x"));
        Assert.Equal(Int(2), h.Run("ZADD", "z", "XX", "CH", "7", "a", "1", "b"));
        Assert.Equal(Int(0), h.Run("ZADD", "z", "GT", "CH", "1", "a"));
        Assert.Equal(Int(1), h.Run("ZADD", "z", "LT", "CH", "0.5", "a"));
        Assert.Equal(Bulk("2"), h.Run("ZADD", "z", "INCR", "1.5", "a"));
        Assert.Equal(Nil, h.Run("ZADD", "z", "NX", "INCR", "1", "a"));
        Assert.Equal(Nil, h.Run("ZADD", "nokey", "XX", "INCR", "1", "a"));
        Assert.Equal(Int(0), h.Run("EXISTS", "nokey"));
        Assert.Equal(Err("ERR XX and NX options at the same time are not compatible"), h.Run("ZADD", "z", "NX", "XX", "1", "a"));
        Assert.Equal(Err("ERR GT, LT, and/or NX options at the same time are not compatible"), h.Run("ZADD", "z", "GT", "LT", "1", "a"));
        Assert.Equal(Err("ERR INCR option supports a single increment-element pair"), h.Run("ZADD", "z", "INCR", "1", "a", "2", "b"));
        Assert.Equal(Syntax, h.Run("ZADD", "z", "1", "a", "2"));
        Assert.Equal(Err("ERR value is not a valid float"), h.Run("ZADD", "z", "9", "a", "nan", "b"));
        Assert.Equal(Bulk("2"), h.Run("ZSCORE", "z", "a")); // nothing changes when any score is bad
        Assert.Equal(Bulk("inf"), h.Run("ZINCRBY", "z", "inf", "n"));
        Assert.Equal(Err("ERR resulting score is not a number (NaN)"), h.Run("ZINCRBY", "z", "-inf", "n"));
        Assert.Equal(Bulk("inf"), h.Run("ZSCORE", "z", "n"));
        Assert.Equal(Arity("zadd"), h.Run("ZADD", "z", "1"));
        h.Run("SET", "s", "v");
        Assert.Equal(WrongType, h.Run("ZADD", "s", "1", "a"));
        Assert.Equal(WrongType, h.Run("ZRANGE", "s", "0", "-1"));
    }

    [Fact]
    public void Scores_print_as_redis_7_0_does()
    {
        h.Run("ZADD", "z", "1.1", "a", "0.1", "b", "1e300", "c", "1e-5", "d", "3", "e", "-inf", "f");
        Assert.Equal(Arr("f", "-inf", "d", "1.0000000000000001e-05", "b", "0.10000000000000001", "a", "1.1000000000000001", "e", "3", "c", "1.0000000000000001e+300"),
            h.Run("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        Assert.Equal(",1.1000000000000001\r\n", h.Run3("ZSCORE", "z", "a"));
        Assert.Equal(Bulk("1.3"), h.Run("ZINCRBY", "z", "0.2", "a"));
    }

    [Fact]
    public void Ranks_counts_and_ranges()
    {
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        Assert.Equal(Int(0), h.Run("ZRANK", "z", "a"));
        Assert.Equal(Int(3), h.Run("ZREVRANK", "z", "a"));
        Assert.Equal(Nil, h.Run("ZRANK", "z", "x"));
        Assert.Equal(Int(2), h.Run("ZCOUNT", "z", "(1", "3"));
        Assert.Equal(Err("ERR min or max is not a float"), h.Run("ZCOUNT", "z", "a", "b"));
        Assert.Equal(Arr("b", "c"), h.Run("ZRANGE", "z", "1", "2"));
        Assert.Equal(Arr("d", "c"), h.Run("ZRANGE", "z", "0", "1", "REV"));
        Assert.Equal(Arr("c", "b"), h.Run("ZRANGE", "z", "(4", "2", "BYSCORE", "REV"));
        Assert.Equal(Arr("b"), h.Run("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "1"));
        Assert.Equal(Arr("c", "3"), h.Run("ZRANGEBYSCORE", "z", "3", "3", "WITHSCORES"));
        Assert.Equal("*1\r\n*2\r\n$1\r\nc\r\n,3\r\n", h.Run3("ZRANGEBYSCORE", "z", "3", "3", "WITHSCORES"));
        Assert.Equal(Arr("d", "c"), h.Run("ZREVRANGEBYSCORE", "z", "+inf", "(2"));
        Assert.Equal(Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"), h.Run("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"));
        Assert.Equal(Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"), h.Run("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"));
        Assert.Equal(Syntax, h.Run("ZREVRANGE", "z", "0", "1", "REV"));
        h.Run("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d");
        Assert.Equal(Arr("b", "c"), h.Run("ZRANGEBYLEX", "l", "[b", "(d"));
        Assert.Equal(Arr("d", "c"), h.Run("ZREVRANGEBYLEX", "l", "+", "(b"));
        Assert.Equal(Int(4), h.Run("ZLEXCOUNT", "l", "-", "+"));
        Assert.Equal(Err("ERR min or max not valid string range item"), h.Run("ZLEXCOUNT", "l", "a", "+"));
    }

    [Fact]
    public void Removals_delete_the_key_when_empty_and_propagate_only_changes()
    {
        h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        h.TakeEffects();
        Assert.Equal(Int(1), h.Run("ZREMRANGEBYRANK", "z", "0", "0"));
        Assert.Equal(Cmd("ZREMRANGEBYRANK", "z", "0", "0"), h.TakeEffects());
        Assert.Equal(Int(0), h.Run("ZREMRANGEBYSCORE", "z", "10", "20"));
        Assert.Equal("", h.TakeEffects());
        Assert.Equal(Int(2), h.Run("ZREMRANGEBYSCORE", "z", "(2", "4"));
        Assert.Equal(Arr("b", "2", "e", "5"), h.Run("ZPOPMIN", "z", "5"));
        Assert.Equal(Int(0), h.Run("EXISTS", "z"));
        Assert.Equal("*0\r\n", h.Run("ZPOPMAX", "z"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("ZPOPMIN", "z", "-1"));
        h.Run("ZADD", "z", "1", "a");
        Assert.Equal(Int(1), h.Run("ZREM", "z", "a", "x"));
        Assert.Equal(Int(0), h.Run("EXISTS", "z"));
    }

    [Fact]
    public void Set_algebra_and_store_forms()
    {
        h.Run("ZADD", "a", "1", "x", "2", "y", "3", "z");
        h.Run("ZADD", "b", "10", "y", "20", "z", "30", "w");
        h.Run("SADD", "s", "z", "w");
        Assert.Equal(Arr("x", "1", "y", "12", "z", "23", "w", "30"), h.Run("ZUNION", "2", "a", "b", "WITHSCORES"));
        Assert.Equal(Arr("y", "2", "z", "3"), h.Run("ZINTER", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"));
        Assert.Equal(Arr("z", "24"), h.Run("ZINTER", "3", "a", "b", "s", "WITHSCORES"));
        Assert.Equal(Arr("x"), h.Run("ZDIFF", "2", "a", "b"));
        Assert.Equal(Int(2), h.Run("ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "2", "1"));
        Assert.Equal(Arr("y", "14", "z", "26"), h.Run("ZRANGE", "d", "0", "-1", "WITHSCORES"));
        Assert.Equal(Int(0), h.Run("ZINTERSTORE", "d", "2", "a", "missing"));
        Assert.Equal(Int(0), h.Run("EXISTS", "d"));
        Assert.Equal(Int(2), h.Run("ZINTERCARD", "2", "a", "b"));
        Assert.Equal(Int(1), h.Run("ZINTERCARD", "2", "a", "b", "LIMIT", "1"));
        Assert.Equal(Err("ERR at least 1 input key is needed for 'zunion' command"), h.Run("ZUNION", "0", "a"));
        Assert.Equal(Err("ERR weight value is not a float"), h.Run("ZUNION", "1", "a", "WEIGHTS", "x"));
        Assert.Equal(Int(2), h.Run("ZRANGESTORE", "r", "a", "(1", "+inf", "BYSCORE"));
        Assert.Equal(Arr("y", "2", "z", "3"), h.Run("ZRANGE", "r", "0", "-1", "WITHSCORES"));
        h.Run("SET", "str", "v");
        Assert.Equal(WrongType, h.Run("ZUNION", "2", "a", "str"));
    }

    [Fact]
    public void Type_encoding_scan_random_and_expiry()
    {
        h.Run("ZADD", "z", "1", "a", "2", "b");
        Assert.Equal("+zset\r\n", h.Run("TYPE", "z"));
        Assert.Equal(Bulk("listpack"), h.Run("OBJECT", "ENCODING", "z"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Arr("a", "1", "b", "2"), h.Run("ZSCAN", "z", "0"));
        string member = h.Run("ZRANDMEMBER", "z");
        Assert.True(member == Bulk("a") || member == Bulk("b"), member);
        Assert.Equal(Err("ERR value is out of range"), h.Run("ZRANDMEMBER", "z", "-9223372036854775807", "WITHSCORES"));
        Assert.StartsWith("*6\r\n", h.Run("ZRANDMEMBER", "z", "-6"));
        Assert.StartsWith("*2\r\n", h.Run("ZRANDMEMBER", "z", "6"));
        h.Run("PEXPIRE", "z", "100");
        h.Clock.Advance(101);
        Assert.Equal(Int(0), h.Run("ZCARD", "z"));
        Assert.Equal(Int(0), h.Run("EXISTS", "z"));
    }

    [Fact]
    public void A_replica_applying_the_effects_has_an_equal_digest_and_a_snapshot_round_trips()
    {
        string[][] writes =
        [
            ["ZADD", "z", "1", "a", "2.5", "b", "-inf", "c", "1e-7", "d"], ["ZINCRBY", "z", "0.1", "a"], ["ZADD", "z", "GT", "CH", "9", "b"],
            ["ZPOPMIN", "z"], ["ZADD", "y", "0", "p", "0", "q", "0", "r"], ["ZREMRANGEBYLEX", "y", "[q", "+"], ["ZUNIONSTORE", "u", "2", "z", "y"],
            ["ZRANGESTORE", "v", "z", "0", "0"], ["ZPOPMAX", "v", "3"], ["ZADD", "z", "INCR", "5", "e"],
        ];
        foreach (string[] w in writes)
        {
            h.Run(w);
        }

        var replica = new KeyspaceEngine(new KeyspaceSettings(), new ManualClock());
        Apply(h.TakeEffectBytes(), replica);
        Assert.Equal(h.Digest(), "+" + replica.ComputeDigest() + "\r\n");
        Assert.NotEqual(new string('0', 40), replica.ComputeDigest());

        var loaded = new KeyspaceEngine(new KeyspaceSettings(), new ManualClock());
        var loader = new SnapshotLoader(loaded);
        loader.Feed(SnapshotFormat.WriteAll(h.Ks, new string('a', 40), 0));
        loader.Complete();
        Assert.Equal(h.Ks.ComputeDigest(), loaded.ComputeDigest());
    }
}
