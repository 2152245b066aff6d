using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class HashCommandsTests
{
    private readonly Harness h = new();

    [Fact]
    public void SetGetDel()
    {
        Assert.Equal(Int(2), h.Run("HSET", "h", "a", "1", "b", "2"));
        Assert.Equal(Int(1), h.Run("HSET", "h", "a", "10", "c", "3"));
        Assert.Equal(Ok, h.Run("HMSET", "h", "d", "4"));
        Assert.Equal(Bulk("10"), h.Run("HGET", "h", "a"));
        Assert.Equal(Nil, h.Run("HGET", "h", "zz"));
        Assert.Equal(Nil, h.Run("HGET", "nokey", "a"));
        Assert.Equal("*3\r\n$2\r\n10\r\n$-1\r\n$1\r\n3\r\n", h.Run("HMGET", "h", "a", "x", "c"));
        Assert.Equal("*2\r\n$-1\r\n$-1\r\n", h.Run("HMGET", "nokey", "a", "b"));
        Assert.Equal(Int(4), h.Run("HLEN", "h"));
        Assert.Equal(Int(0), h.Run("HLEN", "nokey"));
        Assert.Equal(Int(1), h.Run("HEXISTS", "h", "a"));
        Assert.Equal(Int(0), h.Run("HEXISTS", "h", "x"));
        Assert.Equal(Int(2), h.Run("HSTRLEN", "h", "a"));
        Assert.Equal(Int(2), h.Run("HDEL", "h", "a", "b", "x"));
        Assert.Equal(Int(0), h.Run("HDEL", "h", "a"));
        Assert.Equal(Int(2), h.Run("HDEL", "h", "c", "d"));
        Assert.Equal(Int(0), h.Run("EXISTS", "h"));
        Assert.Equal(Int(0), h.Run("HDEL", "h", "c"));
    }

    [Fact]
    public void Errors()
    {
        Assert.Equal(Arity("hset"), h.Run("HSET", "h", "a"));
        Assert.Equal(Arity("hset"), h.Run("HSET", "h", "a", "1", "b"));
        Assert.Equal(Arity("hmset"), h.Run("HMSET", "h", "a", "1", "b"));
        Assert.Equal(Arity("hget"), h.Run("HGET", "h"));
        Assert.Equal(Arity("hdel"), h.Run("HDEL", "h"));
        h.Run("SET", "s", "x");
        Assert.Equal(WrongType, h.Run("HSET", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HGET", "s", "a"));
        Assert.Equal(WrongType, h.Run("HMGET", "s", "a"));
        Assert.Equal(WrongType, h.Run("HGETALL", "s"));
        Assert.Equal(WrongType, h.Run("HDEL", "s", "a"));
        Assert.Equal(WrongType, h.Run("HLEN", "s"));
        Assert.Equal(WrongType, h.Run("HINCRBY", "s", "a", "1"));
        Assert.Equal(WrongType, h.Run("HSCAN", "s", "0"));
    }

    [Fact]
    public void GetAllKeysValsResp2AndResp3()
    {
        Assert.Equal("*0\r\n", h.Run("HGETALL", "h"));
        Assert.Equal("%0\r\n", h.Run3("HGETALL", "h"));
        h.Run("HSET", "h", "a", "1", "b", "2");
        Assert.Equal("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", h.Run("HGETALL", "h"));
        Assert.Equal("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", h.Run3("HGETALL", "h"));
        Assert.Equal("*2\r\n$1\r\na\r\n$1\r\nb\r\n", h.Run("HKEYS", "h"));
        Assert.Equal("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", h.Run3("HVALS", "h"));
        Assert.Equal("*0\r\n", h.Run("HKEYS", "none"));
    }

    [Fact]
    public void SetNx()
    {
        Assert.Equal(Int(1), h.Run("HSETNX", "h", "f", "1"));
        Assert.Equal(Int(0), h.Run("HSETNX", "h", "f", "2"));
        Assert.Equal(Bulk("1"), h.Run("HGET", "h", "f"));
    }

    [Fact]
    public void IncrBy()
    {
        Assert.Equal(Int(5), h.Run("HINCRBY", "h", "n", "5"));
        Assert.Equal(Int(-2), h.Run("HINCRBY", "h", "n", "-7"));
        Assert.Equal(NotInt, h.Run("HINCRBY", "h", "n", "x"));
        h.Run("HSET", "h", "s", "abc", "big", "9223372036854775807");
        Assert.Equal(Err("ERR hash value is not an integer"), h.Run("HINCRBY", "h", "s", "1"));
        Assert.Equal(Err("ERR increment or decrement would overflow"), h.Run("HINCRBY", "h", "big", "1"));
    }

    [Fact]
    public void IncrByFloat()
    {
        Assert.Equal(Bulk("10.5"), h.Run("HINCRBYFLOAT", "h", "f", "10.5"));
        Assert.Equal(Bulk("10.6"), h.Run("HINCRBYFLOAT", "h", "f", "0.1"));
        Assert.Equal(Err("ERR value is not a valid float"), h.Run("HINCRBYFLOAT", "h", "f", "x"));
        Assert.Equal(Err("ERR value is NaN or Infinity"), h.Run("HINCRBYFLOAT", "h", "f", "inf"));
        h.Run("HSET", "h", "s", "abc", "m", "1e4932");
        Assert.Equal(Err("ERR hash value is not a float"), h.Run("HINCRBYFLOAT", "h", "s", "1"));
        Assert.Equal(Err("ERR increment would produce NaN or Infinity"), h.Run("HINCRBYFLOAT", "h", "m", "1e4932"));
    }

    [Fact]
    public void HScan()
    {
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("HSCAN", "none", "0"));
        h.Run("HSET", "h", "a", "1", "b", "2", "ab", "3");
        Assert.Equal("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$2\r\nab\r\n$1\r\n3\r\n", h.Run("HSCAN", "h", "0"));
        Assert.Equal("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nab\r\n$1\r\n3\r\n", h.Run("HSCAN", "h", "0", "MATCH", "a*"));
        Assert.Equal(Err("ERR invalid cursor"), h.Run("HSCAN", "h", "x"));
        Assert.Equal(Syntax, h.Run("HSCAN", "h", "0", "TYPE", "string"));
        for (int i = 0; i < 300; i++)
        {
            h.Run("HSET", "big", "f" + i, "v");
        }

        var fields = new HashSet<string>();
        string cursor = "0";
        do
        {
            var (next, items) = KeyCommandsTests.ParseScan(h.Run("HSCAN", "big", cursor, "COUNT", "50"));
            cursor = next;
            for (int i = 0; i < items.Count; i += 2)
            {
                fields.Add(items[i]);
            }
        }
        while (cursor != "0");
        Assert.Equal(300, fields.Count);
    }
}
