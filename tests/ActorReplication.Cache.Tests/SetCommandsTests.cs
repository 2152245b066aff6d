using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class SetCommandsTests
{
    private readonly Harness h = new();

    private static string SetReply(bool resp3, params string[] members) =>
        (resp3 ? "~" : "*") + members.Length + "\r\n" + string.Concat(members.Select(Bulk));

    [Fact]
    public void AddRemMembers()
    {
        Assert.Equal(Int(3), h.Run("SADD", "s", "a", "b", "c"));
        Assert.Equal(Int(1), h.Run("SADD", "s", "a", "d"));
        Assert.Equal(Int(4), h.Run("SCARD", "s"));
        Assert.Equal(Int(0), h.Run("SCARD", "none"));
        Assert.Equal(SetReply(false, "a", "b", "c", "d"), h.Run("SMEMBERS", "s"));
        Assert.Equal(SetReply(true, "a", "b", "c", "d"), h.Run3("SMEMBERS", "s"));
        Assert.Equal("~0\r\n", h.Run3("SMEMBERS", "none"));
        Assert.Equal(Int(1), h.Run("SISMEMBER", "s", "a"));
        Assert.Equal(Int(0), h.Run("SISMEMBER", "s", "z"));
        Assert.Equal("*3\r\n:1\r\n:0\r\n:1\r\n", h.Run("SMISMEMBER", "s", "a", "z", "b"));
        Assert.Equal(Int(2), h.Run("SREM", "s", "a", "b", "z"));
        Assert.Equal(Int(0), h.Run("SREM", "none", "a"));
        Assert.Equal(Int(2), h.Run("SREM", "s", "c", "d"));
        Assert.Equal(Int(0), h.Run("EXISTS", "s"));
        h.Run("SET", "str", "x");
        Assert.Equal(WrongType, h.Run("SADD", "str", "a"));
        Assert.Equal(WrongType, h.Run("SMEMBERS", "str"));
        Assert.Equal(WrongType, h.Run("SISMEMBER", "str", "a"));
        Assert.Equal(Arity("sadd"), h.Run("SADD", "s"));
    }

    [Fact]
    public void InterUnionDiff()
    {
        h.Run("SADD", "a", "1", "2", "3", "4");
        h.Run("SADD", "b", "3", "4", "5");
        h.Run("SADD", "c", "4", "6");
        Assert.Equal(SetReply(false, "4"), h.Run("SINTER", "a", "b", "c"));
        Assert.Equal(SetReply(true, "3", "4"), h.Run3("SINTER", "a", "b"));
        Assert.Equal("*0\r\n", h.Run("SINTER", "a", "missing"));
        Assert.Equal(SetReply(false, "1", "2", "3", "4", "5", "6"), h.Run("SUNION", "a", "b", "c", "missing"));
        Assert.Equal(SetReply(false, "1", "2"), h.Run("SDIFF", "a", "b", "c"));
        Assert.Equal("*0\r\n", h.Run("SDIFF", "missing", "a"));
        Assert.Equal("*0\r\n", h.Run("SDIFF", "a", "a"));
        h.Run("SET", "str", "x");
        Assert.Equal(WrongType, h.Run("SINTER", "missing", "str"));
        Assert.Equal(WrongType, h.Run("SUNION", "a", "str"));
        Assert.Equal(WrongType, h.Run("SDIFF", "a", "str"));
    }

    [Fact]
    public void Pop()
    {
        Assert.Equal(Nil, h.Run("SPOP", "s"));
        Assert.Equal("*0\r\n", h.Run("SPOP", "s", "3"));
        Assert.Equal("~0\r\n", h.Run3("SPOP", "s", "3"));
        h.Run("SADD", "s", "a", "b", "c", "d", "e");
        string one = h.Run("SPOP", "s");
        Assert.StartsWith("$1\r\n", one);
        Assert.Equal(Int(4), h.Run("SCARD", "s"));
        Assert.Equal("*0\r\n", h.Run("SPOP", "s", "0"));
        string two = h.Run("SPOP", "s", "2");
        Assert.StartsWith("*2\r\n", two);
        Assert.Equal(Int(2), h.Run("SCARD", "s"));
        Assert.StartsWith("*2\r\n", h.Run("SPOP", "s", "10"));
        Assert.Equal(Int(0), h.Run("EXISTS", "s"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("SPOP", "s", "-1"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("SPOP", "s", "x"));
        Assert.Equal(Syntax, h.Run("SPOP", "s", "1", "2"));
    }

    [Fact]
    public void RandMember()
    {
        Assert.Equal(Nil, h.Run("SRANDMEMBER", "s"));
        Assert.Equal("*0\r\n", h.Run("SRANDMEMBER", "s", "5"));
        h.Run("SADD", "s", "a", "b", "c");
        Assert.StartsWith("$1\r\n", h.Run("SRANDMEMBER", "s"));
        Assert.Equal("*0\r\n", h.Run("SRANDMEMBER", "s", "0"));
        Assert.Equal("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", h.Run("SRANDMEMBER", "s", "10"));
        string two = h.Run("SRANDMEMBER", "s", "2");
        Assert.StartsWith("*2\r\n", two);
        string[] parts = two.Split("\r\n");
        Assert.NotEqual(parts[2], parts[4]);
        string many = h.Run("SRANDMEMBER", "s", "-10");
        Assert.StartsWith("*10\r\n", many);
        Assert.Equal(Int(3), h.Run("SCARD", "s"));
        Assert.Equal(Err("ERR value is out of range"), h.Run("SRANDMEMBER", "s", "-9223372036854775808"));
        Assert.Equal(Syntax, h.Run("SRANDMEMBER", "s", "1", "2"));
    }

    [Fact]
    public void Move()
    {
        h.Run("SADD", "src", "a", "b");
        Assert.Equal(Int(0), h.Run("SMOVE", "none", "dst", "a"));
        Assert.Equal(Int(0), h.Run("SMOVE", "src", "dst", "zz"));
        Assert.Equal(Int(1), h.Run("SMOVE", "src", "dst", "a"));
        Assert.Equal(Int(1), h.Run("SISMEMBER", "dst", "a"));
        Assert.Equal(Int(1), h.Run("SMOVE", "src", "src", "b"));
        Assert.Equal(Int(0), h.Run("SMOVE", "src", "src", "q"));
        Assert.Equal(Int(1), h.Run("SMOVE", "src", "dst", "b"));
        Assert.Equal(Int(0), h.Run("EXISTS", "src"));
        Assert.Equal(Int(2), h.Run("SCARD", "dst"));
        h.Run("SET", "str", "x");
        Assert.Equal(WrongType, h.Run("SMOVE", "dst", "str", "a"));
        Assert.Equal(WrongType, h.Run("SMOVE", "str", "dst", "a"));
        Assert.Equal(Int(2), h.Run("SCARD", "dst"));
    }

    [Fact]
    public void SScanCoversLargeSets()
    {
        for (int i = 0; i < 500; i++)
        {
            h.Run("SADD", "s", "m" + i);
        }

        var seen = new HashSet<string>();
        string cursor = "0";
        do
        {
            var (next, items) = KeyCommandsTests.ParseScan(h.Run("SSCAN", "s", cursor, "COUNT", "20"));
            cursor = next;
            seen.UnionWith(items);
        }
        while (cursor != "0");
        Assert.Equal(500, seen.Count);
        var (c, matched) = KeyCommandsTests.ParseScan(h.Run("SSCAN", "s", "0", "MATCH", "m1?", "COUNT", "1000"));
        Assert.Equal("0", c);
        Assert.Equal(10, matched.Count);
    }
}
