using ActorReplication.Cache.Keyspace;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class DigestTests
{
    private const string Zero = "+0000000000000000000000000000000000000000\r\n";

    [Fact]
    public void EmptyDatasetIsFortyZeros()
    {
        var h = new Harness();
        Assert.Equal(Zero, h.Digest());
        h.Run("SET", "k", "v");
        Assert.NotEqual(Zero, h.Digest());
        h.Run("DEL", "k");
        Assert.Equal(Zero, h.Digest());
        Assert.Equal(new string('0', 40), h.Ks.ComputeDigest());
    }

    [Fact]
    public void FollowsRedisDigestAlgorithmForAStringKeyWithoutTtl()
    {
        // Re-derived by hand from Redis debug.c computeDatasetDigest: mix(db id) then xor(SHA1(mix(key), mix(type), mix(value))).
        var h = new Harness();
        h.Run("SET", "foo", "bar");
        string ours = h.Ks.ComputeDigest();
        Assert.Equal(40, ours.Length);
        Assert.Equal(ours, ReferenceDigestOfSingleString(0, "foo"u8, "bar"u8));
        Assert.Equal("d2ab4820c1be0580ea28efbfe8bfa1dc05bb802a", ours); // redis-server 7.0.15's DEBUG DIGEST after SET foo bar
    }

    private static string ReferenceDigestOfSingleString(int db, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        static byte[] Sha(ReadOnlySpan<byte> d) => System.Security.Cryptography.SHA1.HashData(d);
        static void XorInto(byte[] acc, byte[] h) { for (int i = 0; i < 20; i++) { acc[i] ^= h[i]; } }
        static void Mix(byte[] acc, ReadOnlySpan<byte> d) { XorInto(acc, Sha(d)); byte[] n = Sha(acc); n.CopyTo(acc, 0); }
        var final = new byte[20];
        Mix(final, [0, 0, 0, (byte)db]);
        var digest = new byte[20];
        Mix(digest, key);
        Mix(digest, [0, 0, 0, 0]); // OBJ_STRING
        Mix(digest, value);
        XorInto(final, Sha(digest));
        return Convert.ToHexStringLower(final);
    }

    private static Harness Build(params string[][] commands)
    {
        var h = new Harness();
        foreach (string[] c in commands)
        {
            h.Run(c);
        }

        return h;
    }

    [Fact]
    public void InsertionOrderDoesNotMatter()
    {
        var a = Build(
            ["SET", "s", "1"], ["HSET", "h", "a", "1", "b", "2"], ["SADD", "set", "x", "y", "z"], ["RPUSH", "l", "1", "2"],
            ["SELECT", "3"], ["SET", "other", "db"], ["SELECT", "0"], ["PEXPIREAT", "s", "9999999999999"]);
        var b = Build(
            ["SELECT", "3"], ["SET", "other", "db"], ["SELECT", "0"], ["SADD", "set", "z"], ["RPUSH", "l", "1"],
            ["HSET", "h", "b", "2"], ["SADD", "set", "y", "x"], ["HSET", "h", "a", "1"], ["RPUSH", "l", "2"],
            ["SET", "s", "1", "PXAT", "9999999999999"], ["SET", "tmp", "1"], ["DEL", "tmp"]);
        Assert.Equal(a.Digest(), b.Digest());
    }

    [Theory]
    [InlineData("SET", "s", "2")]
    [InlineData("SET", "s2", "1")]
    [InlineData("HSET", "h", "a", "x")]
    [InlineData("SADD", "set", "w")]
    [InlineData("RPUSH", "l", "3")]
    [InlineData("PEXPIREAT", "s", "9999999999998")]
    [InlineData("PERSIST", "s")]
    [InlineData("EXPIRE", "h", "100")]
    public void AnyDifferenceChangesTheDigest(params string[] change)
    {
        string[][] baseline =
        [
            ["SET", "s", "1", "PXAT", "9999999999999"], ["HSET", "h", "a", "1"], ["SADD", "set", "x"], ["RPUSH", "l", "1", "2"],
        ];
        var a = Build(baseline);
        var b = Build(baseline);
        b.Run(change);
        Assert.NotEqual(a.Digest(), b.Digest());
    }

    [Fact]
    public void ListOrderAndDatabaseMatter()
    {
        Assert.NotEqual(Build(["RPUSH", "l", "a", "b"]).Digest(), Build(["RPUSH", "l", "b", "a"]).Digest());
        Assert.NotEqual(Build(["SET", "k", "v"]).Digest(), Build(["SELECT", "1"], ["SET", "k", "v"]).Digest());
        Assert.NotEqual(Build(["SET", "k", "v"]).Digest(), Build(["RPUSH", "k", "v"]).Digest());
        Assert.NotEqual(Build(["SADD", "k", "v"]).Digest(), Build(["RPUSH", "k", "v"]).Digest());
    }

    [Fact]
    public void DigestValue()
    {
        var h = Build(["SET", "a", "1"], ["SET", "b", "1"]);
        string r = h.Run("DEBUG", "DIGEST-VALUE", "a", "b", "missing");
        string[] parts = r.Split("\r\n");
        Assert.Equal("*3", parts[0]);
        Assert.Equal(parts[1], parts[2]);
        Assert.Equal("+" + new string('0', 40), parts[3]);
        Assert.Equal(Err("ERR unknown subcommand or wrong number of arguments for 'nope'. Try DEBUG HELP."), h.Run("DEBUG", "nope"));
        Assert.Equal(Err("ERR unknown subcommand or wrong number of arguments for 'DIGEST'. Try DEBUG HELP."), h.Run("DEBUG", "DIGEST", "x"));
        Assert.Equal(Arity("debug"), h.Run("DEBUG"));
    }

    [Fact]
    public void Populate()
    {
        var h = new Harness();
        h.Run("SET", "key:1", "mine");
        Assert.Equal(Ok, h.Run("DEBUG", "POPULATE", "3"));
        Assert.Equal(Bulk("value:0"), h.Run("GET", "key:0"));
        Assert.Equal(Bulk("mine"), h.Run("GET", "key:1"));
        Assert.Equal(Bulk("value:2"), h.Run("GET", "key:2"));
        Assert.Equal(Ok, h.Run("DEBUG", "POPULATE", "2", "p", "10"));
        Assert.Equal(Bulk("value:1\0\0\0"), h.Run("GET", "p:1"));
        Assert.Equal(Ok, h.Run("DEBUG", "POPULATE", "1", "q", "3"));
        Assert.Equal(Bulk("val"), h.Run("GET", "q:0"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("DEBUG", "POPULATE", "-1"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("DEBUG", "POPULATE", "abc"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("DEBUG", "POPULATE", "1", "k", "abc"));
        Assert.Equal(6, h.Ks.TotalKeys);
    }
}
