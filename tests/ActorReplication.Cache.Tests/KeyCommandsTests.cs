using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class KeyCommandsTests
{
    private readonly Harness h = new();

    [Fact]
    public void DelUnlinkExists()
    {
        h.Run("MSET", "a", "1", "b", "2", "c", "3");
        Assert.Equal(Int(3), h.Run("EXISTS", "a", "b", "a"));
        Assert.Equal(Int(2), h.Run("DEL", "a", "b", "zz"));
        Assert.Equal(Int(0), h.Run("DEL", "a"));
        Assert.Equal(Int(1), h.Run("UNLINK", "c"));
        Assert.Equal(Int(0), h.Run("EXISTS", "a", "b", "c"));
        Assert.Equal(Arity("del"), h.Run("DEL"));
        Assert.Equal(Arity("exists"), h.Run("EXISTS"));
    }

    [Fact]
    public void Type()
    {
        h.Run("SET", "s", "x");
        h.Run("LPUSH", "l", "x");
        h.Run("SADD", "st", "x");
        h.Run("HSET", "h", "f", "v");
        Assert.Equal("+string\r\n", h.Run("TYPE", "s"));
        Assert.Equal("+list\r\n", h.Run("TYPE", "l"));
        Assert.Equal("+set\r\n", h.Run("TYPE", "st"));
        Assert.Equal("+hash\r\n", h.Run("TYPE", "h"));
        Assert.Equal("+none\r\n", h.Run("TYPE", "nope"));
    }

    [Fact]
    public void ExpireFamily()
    {
        Assert.Equal(Int(0), h.Run("EXPIRE", "k", "10"));
        h.Run("SET", "k", "v");
        Assert.Equal(Int(-1), h.Run("TTL", "k"));
        Assert.Equal(Int(-2), h.Run("TTL", "missing"));
        Assert.Equal(Int(-2), h.Run("PTTL", "missing"));
        Assert.Equal(Int(1), h.Run("EXPIRE", "k", "10"));
        Assert.Equal(Int(10), h.Run("TTL", "k"));
        Assert.Equal(Int(1), h.Run("PEXPIRE", "k", "2500"));
        Assert.Equal(Int(2500), h.Run("PTTL", "k"));
        Assert.Equal(Int(3), h.Run("TTL", "k"));
        long now = h.Clock.UnixTimeMilliseconds;
        Assert.Equal(Int(1), h.Run("PEXPIREAT", "k", (now + 7000).ToString()));
        Assert.Equal(Int(7000), h.Run("PTTL", "k"));
        Assert.Equal(Int(now + 7000), h.Run("PEXPIRETIME", "k"));
        Assert.Equal(Int(1), h.Run("EXPIREAT", "k", (now / 1000 + 100).ToString()));
        Assert.Equal(Int(now / 1000 + 100), h.Run("EXPIRETIME", "k"));
        Assert.Equal(Int(1), h.Run("PERSIST", "k"));
        Assert.Equal(Int(0), h.Run("PERSIST", "k"));
        Assert.Equal(Int(-1), h.Run("TTL", "k"));
        Assert.Equal(NotInt, h.Run("EXPIRE", "k", "abc"));
        Assert.Equal(Err("ERR invalid expire time in 'expire' command"), h.Run("EXPIRE", "k", "9223372036854775807"));
        Assert.Equal(Err("ERR invalid expire time in 'pexpire' command"), h.Run("PEXPIRE", "k", "9223372036854775807"));
        Assert.Equal(Arity("expire"), h.Run("EXPIRE", "k"));
        Assert.Equal(Int(1), h.Run("EXPIRE", "k", "-1"));
        Assert.Equal(Int(0), h.Run("EXISTS", "k"));
    }

    [Fact]
    public void ExpireOptions()
    {
        h.Run("SET", "k", "v");
        Assert.Equal(Int(0), h.Run("EXPIRE", "k", "100", "XX"));
        Assert.Equal(Int(0), h.Run("EXPIRE", "k", "100", "GT"));
        Assert.Equal(Int(1), h.Run("EXPIRE", "k", "100", "LT"));
        Assert.Equal(Int(0), h.Run("EXPIRE", "k", "50", "NX"));
        Assert.Equal(Int(1), h.Run("EXPIRE", "k", "200", "GT"));
        Assert.Equal(Int(0), h.Run("EXPIRE", "k", "100", "GT"));
        Assert.Equal(Int(1), h.Run("EXPIRE", "k", "100", "lt"));
        Assert.Equal(Int(0), h.Run("EXPIRE", "k", "150", "LT"));
        Assert.Equal(Int(1), h.Run("EXPIRE", "k", "150", "XX"));
        Assert.Equal(Int(150), h.Run("TTL", "k"));
        h.Run("SET", "n", "v");
        Assert.Equal(Int(1), h.Run("EXPIRE", "n", "10", "NX"));
        Assert.Equal(Err("ERR NX and XX, GT or LT options at the same time are not compatible"), h.Run("EXPIRE", "k", "1", "NX", "XX"));
        Assert.Equal(Err("ERR NX and XX, GT or LT options at the same time are not compatible"), h.Run("EXPIRE", "k", "1", "NX", "GT"));
        Assert.Equal(Err("ERR GT and LT options at the same time are not compatible"), h.Run("EXPIRE", "k", "1", "GT", "LT"));
        Assert.Equal(Err("ERR Unsupported option foo"), h.Run("EXPIRE", "k", "1", "foo"));
        Assert.Equal(Int(150), h.Run("TTL", "k"));
    }

    [Fact]
    public void RenameAndRenameNx()
    {
        Assert.Equal(Err("ERR no such key"), h.Run("RENAME", "a", "b"));
        Assert.Equal(Err("ERR no such key"), h.Run("RENAMENX", "a", "b"));
        h.Run("SET", "a", "1");
        h.Run("EXPIRE", "a", "100");
        Assert.Equal(Ok, h.Run("RENAME", "a", "b"));
        Assert.Equal(Int(0), h.Run("EXISTS", "a"));
        Assert.Equal(Bulk("1"), h.Run("GET", "b"));
        Assert.Equal(Int(100), h.Run("TTL", "b"));
        Assert.Equal(Ok, h.Run("RENAME", "b", "b"));
        Assert.Equal(Int(0), h.Run("RENAMENX", "b", "b"));
        h.Run("SET", "c", "3");
        Assert.Equal(Int(0), h.Run("RENAMENX", "b", "c"));
        Assert.Equal(Ok, h.Run("RENAME", "b", "c"));
        Assert.Equal(Bulk("1"), h.Run("GET", "c"));
        Assert.Equal(Int(1), h.Run("RENAMENX", "c", "d"));
        Assert.Equal(Int(100), h.Run("TTL", "d"));
        Assert.Equal(Int(1), h.Run("DBSIZE"));
    }

    [Fact]
    public void KeysGlob()
    {
        h.Run("MSET", "hello", "1", "hallo", "1", "hxllo", "1", "hllo", "1", "heeeello", "1", "h*llo", "1");
        Assert.Equal(6, Count(h.Run("KEYS", "*")));
        Assert.Equal(4, Count(h.Run("KEYS", "h?llo"))); // hello hallo hxllo h*llo
        Assert.Equal(6, Count(h.Run("KEYS", "h*llo")));
        Assert.Equal(2, Count(h.Run("KEYS", "h[ae]llo")));
        Assert.Equal(3, Count(h.Run("KEYS", "h[^e]llo"))); // hallo hxllo h*llo
        Assert.Equal(2, Count(h.Run("KEYS", "h[a-e]llo")));
        Assert.Equal("*1\r\n$5\r\nh*llo\r\n", h.Run("KEYS", "h\\*llo"));
        Assert.Equal("*0\r\n", h.Run("KEYS", "nomatch*"));
    }

    private static int Count(string arrayReply) => int.Parse(arrayReply[1..arrayReply.IndexOf('\r')]);

    [Fact]
    public void RandomKeyDbSizeFlush()
    {
        Assert.Equal(Nil, h.Run("RANDOMKEY"));
        h.Run("SET", "only", "1");
        Assert.Equal(Bulk("only"), h.Run("RANDOMKEY"));
        h.Run("SET", "b", "2");
        Assert.Equal(Int(2), h.Run("DBSIZE"));
        Assert.Equal(Syntax, h.Run("FLUSHDB", "LATER"));
        Assert.Equal(Ok, h.Run("FLUSHDB", "ASYNC"));
        Assert.Equal(Int(0), h.Run("DBSIZE"));
        h.Run("SET", "x", "1");
        h.Run("SELECT", "3");
        h.Run("SET", "y", "1");
        Assert.Equal(Ok, h.Run("FLUSHDB"));
        h.Run("SELECT", "0");
        Assert.Equal(Int(1), h.Run("DBSIZE"));
        h.Run("SELECT", "5");
        h.Run("SET", "z", "1");
        Assert.Equal(Ok, h.Run("FLUSHALL"));
        Assert.Equal(0, h.Ks.TotalKeys);
        Assert.Equal(Arity("dbsize"), h.Run("DBSIZE", "x"));
    }

    [Fact]
    public void Select()
    {
        Assert.Equal(Ok, h.Run("SELECT", "1"));
        h.Run("SET", "k", "db1");
        Assert.Equal(Ok, h.Run("SELECT", "0"));
        Assert.Equal(Nil, h.Run("GET", "k"));
        Assert.Equal(Err("ERR DB index is out of range"), h.Run("SELECT", "16"));
        Assert.Equal(Err("ERR DB index is out of range"), h.Run("SELECT", "-1"));
        Assert.Equal(NotInt, h.Run("SELECT", "x"));
        Assert.Equal(0, h.Session.Db);
        h.Run("SELECT", "15");
        Assert.Equal(Bulk("db1"), new Func<string>(() => { h.Run("SELECT", "1"); return h.Run("GET", "k"); })());
    }

    [Fact]
    public void ScanBasics()
    {
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SCAN", "0"));
        for (int i = 0; i < 25; i++)
        {
            h.Run("SET", "key:" + i, "v");
        }

        h.Run("SADD", "set", "m");
        var seen = new HashSet<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            var (next, keys) = ParseScan(h.Run("SCAN", cursor, "COUNT", "7"));
            cursor = next;
            seen.UnionWith(keys);
            calls++;
        }
        while (cursor != "0");

        Assert.Equal(26, seen.Count);
        Assert.True(calls >= 4);
        var (c1, typed) = ParseScan(h.Run("SCAN", "0", "COUNT", "1000", "TYPE", "set"));
        Assert.Equal("0", c1);
        Assert.Equal(["set"], typed);
        var (_, matched) = ParseScan(h.Run("SCAN", "0", "MATCH", "key:1*", "COUNT", "1000"));
        Assert.Equal(11, matched.Count);
        var (_, none) = ParseScan(h.Run("SCAN", "0", "COUNT", "1000", "TYPE", "nosuchtype"));
        Assert.Empty(none);
        Assert.Equal(Err("ERR invalid cursor"), h.Run("SCAN", "abc"));
        Assert.Equal(Syntax, h.Run("SCAN", "0", "COUNT", "0"));
        Assert.Equal(NotInt, h.Run("SCAN", "0", "COUNT", "x"));
        Assert.Equal(Syntax, h.Run("SCAN", "0", "MATCH"));
        Assert.Equal(Syntax, h.Run("SCAN", "0", "FOO", "bar"));
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SCAN", "999999"));
    }

    internal static (string Cursor, List<string> Items) ParseScan(string reply)
    {
        // *2\r\n$n\r\ncursor\r\n*m\r\n($len\r\nitem\r\n)*
        string[] parts = reply.Split("\r\n");
        string cursor = parts[2];
        int m = int.Parse(parts[3][1..]);
        var items = new List<string>();
        for (int i = 0; i < m; i++)
        {
            items.Add(parts[5 + (2 * i)]);
        }

        return (cursor, items);
    }

    [Fact]
    public void ScanCursorIsUnsigned64BitAndMaskedIntoTheTable()
    {
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", h.Run("SCAN", "-1"));
        h.Run("SET", "a", "1");
        // 2^64-1 masked with the power of two covering one slot is slot 0.
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Arr("a"), h.Run("SCAN", "-1", "COUNT", "1000"));
        Assert.Equal("*2\r\n$1\r\n0\r\n" + Arr("a"), h.Run("SCAN", "18446744073709551615"));
        Assert.Equal(Err("ERR invalid cursor"), h.Run("SCAN", "18446744073709551616"));
        for (int i = 0; i < 40; i++)
        {
            h.Run("SET", "k" + i, "v");
        }

        // A full iteration from any out-of-range cursor still ends with cursor 0.
        var (next, _) = ParseScan(h.Run("SCAN", "-1", "COUNT", "1000"));
        Assert.Equal("0", next);
    }
}
