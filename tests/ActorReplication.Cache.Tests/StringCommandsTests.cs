using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class StringCommandsTests
{
    private readonly Harness h = new();

    [Fact]
    public void GetSetBasics()
    {
        Assert.Equal(Nil, h.Run("GET", "k"));
        Assert.Equal("_\r\n", h.Run3("GET", "k"));
        Assert.Equal(Ok, h.Run("SET", "k", "hello"));
        Assert.Equal(Bulk("hello"), h.Run("GET", "k"));
        Assert.Equal(Ok, h.Run("SET", "k", "world"));
        Assert.Equal(Bulk("world"), h.Run("GET", "k"));
        Assert.Equal(Ok, h.Run("SET", "k", "longer value"));
        Assert.Equal(Bulk("longer value"), h.Run("GET", "k"));
        Assert.Equal(Ok, h.Run("SET", "empty", ""));
        Assert.Equal("$0\r\n\r\n", h.Run("GET", "empty"));
    }

    [Fact]
    public void ArityErrors()
    {
        Assert.Equal(Arity("get"), h.Run("GET"));
        Assert.Equal(Arity("get"), h.Run("GET", "a", "b"));
        Assert.Equal(Arity("set"), h.Run("SET", "k"));
        Assert.Equal(Arity("setex"), h.Run("SETEX", "k", "1"));
        Assert.Equal(Arity("mset"), h.Run("MSET", "a", "1", "b"));
        Assert.Equal(Arity("msetnx"), h.Run("MSETNX", "a", "1", "b"));
        Assert.Equal(Arity("mget"), h.Run("MGET"));
        Assert.Equal(Arity("incr"), h.Run("incr"));
        Assert.Equal(Arity("getrange"), h.Run("GETRANGE", "k", "0"));
    }

    [Fact]
    public void WrongType()
    {
        h.Run("LPUSH", "l", "x");
        Assert.Equal(Harness.WrongType, h.Run("GET", "l"));
        Assert.Equal(Harness.WrongType, h.Run("INCR", "l"));
        Assert.Equal(Harness.WrongType, h.Run("APPEND", "l", "x"));
        Assert.Equal(Harness.WrongType, h.Run("STRLEN", "l"));
        Assert.Equal(Harness.WrongType, h.Run("GETSET", "l", "x"));
        Assert.Equal(Harness.WrongType, h.Run("SET", "l", "x", "GET"));
        Assert.Equal(Harness.WrongType, h.Run("GETDEL", "l"));
        Assert.Equal(Harness.WrongType, h.Run("GETEX", "l"));
        Assert.Equal(Harness.WrongType, h.Run("INCRBYFLOAT", "l", "1"));
        Assert.Equal(Harness.WrongType, h.Run("GETRANGE", "l", "0", "1"));
        Assert.Equal(Harness.WrongType, h.Run("SETRANGE", "l", "0", "a"));
        Assert.Equal(Ok, h.Run("SET", "l", "x"));
        Assert.Equal(Bulk("x"), h.Run("GET", "l"));
    }

    [Fact]
    public void SetOptions()
    {
        Assert.Equal(Nil, h.Run("SET", "k", "v", "XX"));
        Assert.Equal(Ok, h.Run("SET", "k", "v", "NX"));
        Assert.Equal(Nil, h.Run("SET", "k", "w", "NX"));
        Assert.Equal(Ok, h.Run("SET", "k", "w", "XX"));
        Assert.Equal(Bulk("w"), h.Run("SET", "k", "x", "GET"));
        Assert.Equal(Nil, h.Run("SET", "new", "x", "GET"));
        Assert.Equal(Bulk("x"), h.Run("SET", "k", "y", "NX", "GET"));
        Assert.Equal(Bulk("x"), h.Run("GET", "k"));
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "NX", "XX"));
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "EX", "10", "PX", "100"));
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "EX"));
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "KEEPTTL", "EX", "10"));
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "PERSIST"));
        Assert.Equal(Syntax, h.Run("SET", "k", "v", "FOO"));
        Assert.Equal(NotInt, h.Run("SET", "k", "v", "EX", "ten"));
        Assert.Equal(Err("ERR invalid expire time in 'set' command"), h.Run("SET", "k", "v", "EX", "0"));
        Assert.Equal(Err("ERR invalid expire time in 'set' command"), h.Run("SET", "k", "v", "PX", "-5"));
        Assert.Equal(Err("ERR invalid expire time in 'set' command"), h.Run("SET", "k", "v", "EX", "9223372036854775807"));
        Assert.Equal(Err("ERR invalid expire time in 'set' command"), h.Run("SET", "k", "v", "PX", "9223372036854775807"));
        Assert.Equal(Ok, h.Run("SET", "k", "v", "ex", "10"));
        Assert.Equal(Int(10), h.Run("TTL", "k"));
        Assert.Equal(Ok, h.Run("SET", "k", "v2", "KEEPTTL"));
        Assert.Equal(Int(10000), h.Run("PTTL", "k"));
        Assert.Equal(Ok, h.Run("SET", "k", "v3"));
        Assert.Equal(Int(-1), h.Run("TTL", "k"));
        long at = h.Clock.UnixTimeMilliseconds + 5000;
        Assert.Equal(Ok, h.Run("SET", "k", "v", "PXAT", at.ToString()));
        Assert.Equal(Int(5000), h.Run("PTTL", "k"));
        Assert.Equal(Ok, h.Run("SET", "k", "v", "EXAT", ((at / 1000) + 10).ToString()));
        Assert.Equal(Ok, h.Run("SET", "k", "v", "EX", "5", "EX", "7"));
        Assert.Equal(Int(7), h.Run("TTL", "k"));
    }

    [Fact]
    public void SetWithPastAbsoluteExpiryDeletes()
    {
        h.Run("SET", "k", "v");
        Assert.Equal(Ok, h.Run("SET", "k", "v", "PXAT", "1000"));
        Assert.Equal(Nil, h.Run("GET", "k"));
        Assert.Equal(Int(0), h.Run("DBSIZE"));
    }

    [Fact]
    public void SetNxSetExPSetEx()
    {
        Assert.Equal(Int(1), h.Run("SETNX", "k", "a"));
        Assert.Equal(Int(0), h.Run("SETNX", "k", "b"));
        Assert.Equal(Bulk("a"), h.Run("GET", "k"));
        Assert.Equal(Ok, h.Run("SETEX", "k", "100", "c"));
        Assert.Equal(Int(100), h.Run("TTL", "k"));
        Assert.Equal(Ok, h.Run("PSETEX", "k", "1500", "d"));
        Assert.Equal(Int(1500), h.Run("PTTL", "k"));
        Assert.Equal(Int(2), h.Run("TTL", "k"));
        Assert.Equal(Err("ERR invalid expire time in 'setex' command"), h.Run("SETEX", "k", "0", "c"));
        Assert.Equal(Err("ERR invalid expire time in 'psetex' command"), h.Run("PSETEX", "k", "-1", "c"));
        Assert.Equal(NotInt, h.Run("SETEX", "k", "x", "c"));
    }

    [Fact]
    public void GetSetGetDelGetEx()
    {
        Assert.Equal(Nil, h.Run("GETSET", "k", "a"));
        h.Run("EXPIRE", "k", "100");
        Assert.Equal(Bulk("a"), h.Run("GETSET", "k", "b"));
        Assert.Equal(Int(-1), h.Run("TTL", "k"));
        Assert.Equal(Bulk("b"), h.Run("GETDEL", "k"));
        Assert.Equal(Nil, h.Run("GETDEL", "k"));
        Assert.Equal(Nil, h.Run("GETEX", "k"));
        h.Run("SET", "k", "v");
        Assert.Equal(Bulk("v"), h.Run("GETEX", "k", "EX", "50"));
        Assert.Equal(Int(50), h.Run("TTL", "k"));
        Assert.Equal(Bulk("v"), h.Run("GETEX", "k", "PERSIST"));
        Assert.Equal(Int(-1), h.Run("TTL", "k"));
        Assert.Equal(Bulk("v"), h.Run("GETEX", "k", "PX", "2500"));
        Assert.Equal(Int(2500), h.Run("PTTL", "k"));
        Assert.Equal(Syntax, h.Run("GETEX", "k", "EX", "1", "PERSIST"));
        Assert.Equal(Syntax, h.Run("GETEX", "k", "NX"));
        Assert.Equal(Syntax, h.Run("GETEX", "k", "KEEPTTL"));
        Assert.Equal(Err("ERR invalid expire time in 'getex' command"), h.Run("GETEX", "k", "EX", "0"));
        Assert.Equal(Bulk("v"), h.Run("GETEX", "k", "PXAT", "1"));
        Assert.Equal(Nil, h.Run("GET", "k"));
    }

    [Fact]
    public void MGetMSetMSetNx()
    {
        Assert.Equal(Ok, h.Run("MSET", "a", "1", "b", "2"));
        h.Run("LPUSH", "l", "x");
        Assert.Equal("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n", h.Run("MGET", "a", "b", "c", "l"));
        Assert.Equal("*2\r\n$1\r\n1\r\n_\r\n", h.Run3("MGET", "a", "c"));
        Assert.Equal(Int(0), h.Run("MSETNX", "c", "3", "a", "9"));
        Assert.Equal(Nil, h.Run("GET", "c"));
        Assert.Equal(Int(1), h.Run("MSETNX", "c", "3", "d", "4"));
        Assert.Equal(Bulk("4"), h.Run("GET", "d"));
        h.Run("EXPIRE", "a", "100");
        h.Run("MSET", "a", "x");
        Assert.Equal(Int(-1), h.Run("TTL", "a"));
    }

    [Fact]
    public void IncrDecr()
    {
        Assert.Equal(Int(1), h.Run("INCR", "n"));
        Assert.Equal(Int(11), h.Run("INCRBY", "n", "10"));
        Assert.Equal(Int(10), h.Run("DECR", "n"));
        Assert.Equal(Int(-5), h.Run("DECRBY", "n", "15"));
        Assert.Equal(Bulk("-5"), h.Run("GET", "n"));
        Assert.Equal(Int(5), h.Run("INCRBY", "n", "10"));
        Assert.Equal(Int(10), h.Run("INCRBY", "n", "5"));
        Assert.Equal(Bulk("10"), h.Run("GET", "n"));
        h.Run("SET", "s", "abc");
        Assert.Equal(NotInt, h.Run("INCR", "s"));
        h.Run("SET", "s", " 1");
        Assert.Equal(NotInt, h.Run("INCR", "s"));
        h.Run("SET", "s", "01");
        Assert.Equal(NotInt, h.Run("INCR", "s"));
        Assert.Equal(NotInt, h.Run("INCRBY", "n", "1.5"));
        h.Run("SET", "big", "9223372036854775807");
        Assert.Equal(Err("ERR increment or decrement would overflow"), h.Run("INCR", "big"));
        h.Run("SET", "small", "-9223372036854775808");
        Assert.Equal(Err("ERR increment or decrement would overflow"), h.Run("DECR", "small"));
        Assert.Equal(Err("ERR decrement would overflow"), h.Run("DECRBY", "n", "-9223372036854775808"));
        h.Run("SET", "t", "5");
        h.Run("EXPIRE", "t", "100");
        h.Run("INCR", "t");
        Assert.Equal(Int(100), h.Run("TTL", "t"));
    }

    [Fact]
    public void IncrByFloat()
    {
        Assert.Equal(Bulk("10.5"), h.Run("INCRBYFLOAT", "f", "10.5"));
        Assert.Equal(Bulk("10.6"), h.Run("INCRBYFLOAT", "f", "0.1"));
        Assert.Equal(Bulk("5.6"), h.Run("INCRBYFLOAT", "f", "-5"));
        Assert.Equal(Bulk("5.6"), h.Run("INCRBYFLOAT", "f", "0"));
        // Long double arithmetic printed with %.17Lf, as Redis: 5.6 is not exact in 64 bits of significand either.
        Assert.Equal(Bulk("5005.60000000000000009"), h.Run("INCRBYFLOAT", "f", "5.0e3"));
        Assert.Equal(Bulk("3"), h.Run("INCRBYFLOAT", "i", "3"));
        Assert.Equal(Bulk("100000000000000000000"), h.Run("INCRBYFLOAT", "e", "1e20"));
        Assert.Equal(Err("ERR value is not a valid float"), h.Run("INCRBYFLOAT", "f", "abc"));
        h.Run("SET", "s", "abc");
        Assert.Equal(Err("ERR value is not a valid float"), h.Run("INCRBYFLOAT", "s", "1"));
        Assert.Equal(Err("ERR increment would produce NaN or Infinity"), h.Run("INCRBYFLOAT", "f", "inf"));
    }

    [Fact]
    public void AppendStrLen()
    {
        Assert.Equal(Int(0), h.Run("STRLEN", "k"));
        Assert.Equal(Int(5), h.Run("APPEND", "k", "hello"));
        Assert.Equal(Int(11), h.Run("APPEND", "k", " world"));
        Assert.Equal(Bulk("hello world"), h.Run("GET", "k"));
        Assert.Equal(Int(11), h.Run("STRLEN", "k"));
    }

    [Fact]
    public void GetRange()
    {
        h.Run("SET", "k", "This is a string");
        Assert.Equal(Bulk("This"), h.Run("GETRANGE", "k", "0", "3"));
        Assert.Equal(Bulk("ing"), h.Run("GETRANGE", "k", "-3", "-1"));
        Assert.Equal(Bulk("This is a string"), h.Run("GETRANGE", "k", "0", "-1"));
        Assert.Equal(Bulk("string"), h.Run("GETRANGE", "k", "10", "100"));
        Assert.Equal(Bulk(""), h.Run("GETRANGE", "k", "5", "3"));
        Assert.Equal(Bulk(""), h.Run("GETRANGE", "k", "-1", "-5"));
        Assert.Equal(Bulk("T"), h.Run("GETRANGE", "k", "-100", "-16"));
        Assert.Equal(Bulk(""), h.Run("GETRANGE", "missing", "0", "-1"));
        Assert.Equal(NotInt, h.Run("GETRANGE", "k", "a", "1"));
        h.Run("SET", "e", "");
        Assert.Equal(Bulk(""), h.Run("GETRANGE", "e", "0", "-1"));
    }

    [Fact]
    public void SetRange()
    {
        Assert.Equal(Int(0), h.Run("SETRANGE", "k", "5", ""));
        Assert.Equal(Int(0), h.Run("EXISTS", "k"));
        Assert.Equal(Int(8), h.Run("SETRANGE", "k", "5", "abc"));
        Assert.Equal(Bulk("\0\0\0\0\0abc"), h.Run("GET", "k"));
        h.Run("SET", "w", "Hello World");
        Assert.Equal(Int(11), h.Run("SETRANGE", "w", "6", "Redis"));
        Assert.Equal(Bulk("Hello Redis"), h.Run("GET", "w"));
        Assert.Equal(Int(11), h.Run("SETRANGE", "w", "3", ""));
        Assert.Equal(Err("ERR offset is out of range"), h.Run("SETRANGE", "w", "-1", "x"));
        Assert.Equal(Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), h.Run("SETRANGE", "w", "536870911", "xx"));
        Assert.Equal(Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), h.Run("SETRANGE", "w", "9223372036854775807", "xx"));
        Assert.Equal(NotInt, h.Run("SETRANGE", "w", "x", "x"));
    }

    [Fact]
    public void UnknownCommand()
    {
        Assert.Equal("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n", h.Run("foo", "a", "b"));
        Assert.Equal("-ERR unknown command 'FOO', with args beginning with: \r\n", h.Run("FOO"));
    }
}
