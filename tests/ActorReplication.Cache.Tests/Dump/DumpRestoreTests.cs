using System.Text;
using ActorReplication.Cache.Dump;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Tests.Dump;

public class DumpRestoreTests
{
    public static TheoryData<string> SampleKeys => new(RedisDumpSamples.All.Select(s => s.Key));

    [Theory]
    [MemberData(nameof(SampleKeys))]
    public void Dump_is_byte_identical_to_what_redis_7_dumps(string key)
    {
        DumpSample sample = Sample(key);
        var h = new Harness();
        foreach (string[] command in sample.Commands)
        {
            Assert.DoesNotContain("-ERR", h.Run(command), StringComparison.Ordinal);
        }

        Assert.Equal(sample.PayloadHex, Convert.ToHexString(Payload(h.Run("DUMP", key))).ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(SampleKeys))]
    public void Restore_of_a_redis_payload_holds_the_value_redis_had(string key)
    {
        DumpSample sample = Sample(key);
        var h = new Harness();
        byte[] payload = Convert.FromHexString(sample.PayloadHex);

        Assert.Equal(Harness.Ok, Restore(h, key, "0", payload));
        Assert.Equal("*1\r\n+" + sample.Digest + "\r\n", h.Run("DEBUG", "DIGEST-VALUE", key));
        Assert.Equal(payload, Payload(h.Run("DUMP", key)));
    }

    [Fact]
    public void Dump_of_a_missing_key_is_nil() => Assert.Equal(Harness.Nil, new Harness().Run("DUMP", "nokey"));

    /// <summary>Replies recorded from redis-server 7.0.15 in the same order.</summary>
    [Fact]
    public void Restore_errors_are_redis_errors_in_redis_order()
    {
        var h = new Harness();
        h.Run("SET", "a", "1");
        byte[] good = Payload(h.Run("DUMP", "a"));
        string Busy = Harness.Err("BUSYKEY Target key name already exists.");
        string Version = Harness.Err("ERR DUMP payload version or checksum are wrong");
        Assert.Equal(Busy, Restore(h, "a", "0", "x"u8.ToArray()));
        Assert.Equal(Harness.Syntax, Restore(h, "a", "0", "x"u8.ToArray(), "BADOPT"));
        Assert.Equal(Busy, Restore(h, "a", "abc", "x"u8.ToArray()));
        Assert.Equal(Harness.NotInt, Restore(h, "b", "abc", "x"u8.ToArray()));
        Assert.Equal(Harness.Err("ERR Invalid TTL value, must be >= 0"), Restore(h, "b", "-1", "x"u8.ToArray()));
        Assert.Equal(Version, Restore(h, "b", "0", "x"u8.ToArray()));
        Assert.Equal(Harness.Err("ERR Invalid IDLETIME value, must be >= 0"), Restore(h, "b", "0", "x"u8.ToArray(), "IDLETIME", "-1"));
        Assert.Equal(Harness.NotInt, Restore(h, "b", "0", "x"u8.ToArray(), "IDLETIME", "abc"));
        Assert.Equal(Harness.Err("ERR Invalid FREQ value, must be >= 0 and <= 255"), Restore(h, "b", "0", "x"u8.ToArray(), "FREQ", "256"));
        Assert.Equal(Harness.Syntax, Restore(h, "b", "0", "x"u8.ToArray(), "FREQ", "1", "IDLETIME", "1"));
        Assert.Equal(Harness.Syntax, Restore(h, "b", "0", "x"u8.ToArray(), "IDLETIME", "1", "FREQ", "1"));
        Assert.Equal(Harness.Syntax, Restore(h, "b", "0", "x"u8.ToArray(), "IDLETIME"));
        Assert.Equal(Version, Restore(h, "b", "0", "x"u8.ToArray(), "REPLACE", "ABSTTL"));
        Assert.Equal(Version, Restore(h, "b", "0", []));
        Assert.Equal(Harness.Arity("restore"), h.Run("RESTORE", "b", "0"));
        Assert.Equal(Harness.Arity("dump"), h.Run("DUMP"));

        byte[] corrupt = (byte[])good.Clone();
        corrupt[^1] ^= 1;
        Assert.Equal(Version, Restore(h, "b", "0", corrupt));
        Assert.Equal(Harness.Ok, Restore(h, "b", "0", good));
        Assert.Equal(Harness.Bulk("1"), h.Run("GET", "b"));
        Assert.Equal(Harness.Ok, Restore(h, "a", "0", good, "REPLACE", "FREQ", "5"));
    }

    /// <summary>Payloads with a valid footer, and what redis-server 7.0.15 answered to each (hex as sent).</summary>
    [Theory]
    [InlineData("ff01610a006e1a28a1e6af163a", "-ERR Bad data format\r\n", "none")] // unknown type
    [InlineData("02000a003ace39009b8939e8", "-ERR Bad data format\r\n", "none")] // empty set
    [InlineData("0202016101610a0057be762fc2d6523a", "-ERR Bad data format\r\n", "none")] // duplicate member
    [InlineData("05010161000000000000f87f0a00f0f929a906545927", "-ERR Bad data format\r\n", "none")] // NaN score
    [InlineData("0f000a006e521f0d81d680cb", "-ERR Bad data format\r\n", "none")] // a stream
    [InlineData("0001610b00d62152e872a9943d", "-ERR DUMP payload version or checksum are wrong\r\n", "none")] // RDB 11
    [InlineData("0001", "-ERR DUMP payload version or checksum are wrong\r\n", "none")] // too short
    [InlineData("00016109006f0cbe57dbb01e05", "+OK\r\n", "string")] // an older RDB version
    [InlineData("000568656c0a00d06b9f97044ab97a", "+OK\r\n", "string")] // string read into the footer
    [InlineData("000161620a005fdd283aff02ea4a", "+OK\r\n", "string")] // bytes left over
    [InlineData("0102016101620a0032a8907ed5031a45", "+OK\r\n", "list")] // RDB_TYPE_LIST
    [InlineData("0301016103312e350a003aada5fd1f618622", "+OK\r\n", "zset")] // RDB_TYPE_ZSET (text scores)
    public void Restore_judges_a_payload_as_redis_does(string hex, string reply, string type)
    {
        var h = new Harness();
        Assert.Equal(reply, Restore(h, "x", "0", Convert.FromHexString(hex)));
        Assert.Equal("+" + type + "\r\n", h.Run("TYPE", "x"));
    }

    [Fact]
    public void Restore_reads_the_older_list_and_sorted_set_layouts()
    {
        var h = new Harness();
        Restore(h, "l", "0", Convert.FromHexString("0102016101620a0032a8907ed5031a45"));
        Restore(h, "z", "0", Convert.FromHexString("0301016103312e350a003aada5fd1f618622"));
        Restore(h, "s", "0", Convert.FromHexString("000568656c0a00d06b9f97044ab97a"));
        Assert.Equal(Harness.Arr("a", "b"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Harness.Bulk("1.5"), h.Run("ZSCORE", "z", "a"));
        Assert.Equal("$5\r\nhel\n\0\r\n", h.Run("GET", "s"));
    }

    [Fact]
    public void Restore_with_a_relative_ttl_propagates_the_absolute_instant_with_absttl()
    {
        var h = new Harness();
        h.Run("SET", "a", "v");
        byte[] payload = Payload(h.Run("DUMP", "a"));
        h.TakeEffects();
        long now = h.Clock.UnixTimeMilliseconds;

        Assert.Equal(Harness.Ok, Restore(h, "b", "5000", payload, "IDLETIME", "10"));
        string expected = Harness.Cmd("RESTORE", "b", (now + 5000).ToString(), "\0", "IDLETIME", "10", "ABSTTL");
        Assert.Equal(expected.Replace("$1\r\n\0\r\n", $"${payload.Length}\r\n{Harness.Latin1(payload)}\r\n"), h.TakeEffects());
        Assert.Equal(Harness.Int(5000), h.Run("PTTL", "b"));

        Assert.Equal(Harness.Ok, Restore(h, "c", (now + 7000).ToString(), payload, "ABSTTL"));
        Assert.Equal(Harness.Int(7000), h.Run("PTTL", "c"));
        Assert.Contains("ABSTTL", h.TakeEffects(), StringComparison.Ordinal);

        Assert.Equal(Harness.Ok, Restore(h, "d", "0", payload));
        Assert.Equal(Harness.Int(-1), h.Run("PTTL", "d"));
    }

    [Fact]
    public void Restore_with_a_past_ttl_stores_nothing_and_a_replaced_key_is_deleted_as_a_del()
    {
        var h = new Harness();
        h.Run("SET", "a", "v");
        byte[] payload = Payload(h.Run("DUMP", "a"));
        h.TakeEffects();
        string past = (h.Clock.UnixTimeMilliseconds - 1).ToString();

        Assert.Equal(Harness.Ok, Restore(h, "new", past, payload, "ABSTTL"));
        Assert.Equal(Harness.Int(0), h.Run("EXISTS", "new"));
        Assert.Equal("", h.TakeEffects());

        Assert.Equal(Harness.Ok, Restore(h, "a", past, payload, "ABSTTL", "REPLACE"));
        Assert.Equal(Harness.Int(0), h.Run("EXISTS", "a"));
        Assert.Equal(Harness.Cmd("DEL", "a"), h.TakeEffects());
    }

    [Fact]
    public void A_replica_applies_the_propagated_restore_and_ends_with_the_same_digest()
    {
        var master = new Harness();
        foreach (DumpSample sample in RedisDumpSamples.All)
        {
            Restore(master, sample.Key, "60000", Convert.FromHexString(sample.PayloadHex));
        }

        var replica = new Harness(new KeyspaceSettings { IsReplica = true });
        Harness.Apply(master.TakeEffectBytes(), replica.Ks);
        Assert.Equal(master.Digest(), replica.Digest());
        Assert.Equal(master.Run("PEXPIRETIME", "l3"), replica.Run("PEXPIRETIME", "l3"));
    }

    [Fact]
    public void Restore_idletime_sets_what_object_idletime_reports()
    {
        var h = new Harness();
        h.Run("SET", "a", "v");
        byte[] payload = Payload(h.Run("DUMP", "a"));
        Assert.Equal(Harness.Ok, Restore(h, "b", "0", payload, "IDLETIME", "1000"));
        Assert.Equal(Harness.Int(1000), h.Run("OBJECT", "IDLETIME", "b"));
    }

    [Fact]
    public void Dump_follows_the_encoding_thresholds_as_redis_converts()
    {
        var h = new Harness();
        h.Run("HSET", "h", "f", "v");
        Assert.Equal((byte)RdbType.HashListpack, Payload(h.Run("DUMP", "h"))[0]);
        Assert.Equal(Harness.Bulk("listpack"), h.Run("OBJECT", "ENCODING", "h"));
        h.Ks.Settings.Encoding.HashMaxListpackEntries = 0;
        Assert.Equal((byte)RdbType.Hash, Payload(h.Run("DUMP", "h"))[0]);
        Assert.Equal(Harness.Bulk("hashtable"), h.Run("OBJECT", "ENCODING", "h"));

        h.Run("ZADD", "z", "1", "a");
        Assert.Equal(Harness.Bulk("listpack"), h.Run("OBJECT", "ENCODING", "z"));
        h.Ks.Settings.Encoding.ZSetMaxListpackValue = 0;
        Assert.Equal((byte)RdbType.ZSet2, Payload(h.Run("DUMP", "z"))[0]);
        Assert.Equal(Harness.Bulk("skiplist"), h.Run("OBJECT", "ENCODING", "z"));
    }

    [Fact]
    public void Every_value_survives_its_own_dump_under_any_list_fill()
    {
        var source = new Harness();
        source.Run(["RPUSH", "l", .. Enumerable.Range(0, 3000).Select(i => new string('e', i % 300))]);
        foreach (int fill in new[] { -5, -1, 1, 7, 128 })
        {
            source.Ks.Settings.Encoding.ListMaxListpackSize = fill;
            byte[] payload = Payload(source.Run("DUMP", "l"));
            var target = new Harness();
            Assert.Equal(Harness.Ok, Restore(target, "l", "0", payload));
            Assert.Equal(source.Run("DEBUG", "DIGEST-VALUE", "l"), target.Run("DEBUG", "DIGEST-VALUE", "l"));
        }
    }

    private static DumpSample Sample(string key) => RedisDumpSamples.All.Single(s => s.Key == key);

    private static string Restore(Harness h, string key, string ttl, byte[] payload, params string[] options)
    {
        byte[][] args = [.. new[] { "RESTORE", key, ttl }.Select(Encoding.UTF8.GetBytes), payload, .. options.Select(Encoding.UTF8.GetBytes)];
        return h.Exec(RespCommand.Create(args));
    }

    /// <summary>The bytes of a bulk string reply.</summary>
    private static byte[] Payload(string reply)
    {
        Assert.StartsWith("$", reply, StringComparison.Ordinal);
        int start = reply.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        return Encoding.Latin1.GetBytes(reply[start..^2]);
    }
}
