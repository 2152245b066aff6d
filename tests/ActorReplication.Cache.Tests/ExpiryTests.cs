using ActorReplication.Cache.Keyspace;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class ExpiryTests
{
    [Fact]
    public void LazyExpiryOnAccess()
    {
        var h = new Harness();
        h.Run("SET", "k", "v", "PX", "1000");
        h.Clock.Advance(1000);
        Assert.Equal(Bulk("v"), h.Run("GET", "k")); // expires strictly after its time, as Redis
        Assert.Equal(Int(0), h.Run("PTTL", "k"));
        h.Clock.Advance(1);
        Assert.Equal(Nil, h.Run("GET", "k"));
        Assert.Equal(Int(-2), h.Run("TTL", "k"));
        Assert.Equal(1, h.Ks.Stats.ExpiredKeys);
        Assert.Equal(0, h.Ks.TotalKeys);
    }

    [Fact]
    public void ExpiredKeyIsReplacedNotUpdatedByWrites()
    {
        var h = new Harness();
        h.Run("RPUSH", "l", "a");
        h.Run("PEXPIRE", "l", "10");
        h.Clock.Advance(11);
        Assert.Equal(Int(1), h.Run("RPUSH", "l", "b"));
        Assert.Equal(Int(-1), h.Run("TTL", "l"));
        h.Run("SET", "n", "5", "PX", "10");
        h.Clock.Advance(11);
        Assert.Equal(Int(1), h.Run("INCR", "n"));
    }

    [Fact]
    public void TtlRoundsLikeRedis()
    {
        var h = new Harness();
        h.Run("SET", "k", "v", "PX", "1499");
        Assert.Equal(Int(1), h.Run("TTL", "k"));
        h.Run("SET", "k", "v", "PX", "1500");
        Assert.Equal(Int(2), h.Run("TTL", "k"));
    }

    [Fact]
    public void ActiveCycleRemovesExpiredKeysWithinBudget()
    {
        var h = new Harness();
        for (int i = 0; i < 1000; i++)
        {
            h.Run("SET", "k" + i, "v", "PX", i < 900 ? "100" : "100000");
        }

        h.Run("SET", "persistent", "v");
        h.Clock.Advance(200);
        h.TakeEffects();
        int first = h.Ks.ActiveExpireCycle(h.EffectsWriter, maxKeysSampled: 100);
        Assert.InRange(first, 1, 100);
        int total = first;
        for (int round = 0; round < 200 && h.Ks.GetDatabase(0).Count > 101; round++)
        {
            total += h.Ks.ActiveExpireCycle(h.EffectsWriter, maxKeysSampled: 100);
        }

        Assert.True(total >= 850, $"expired {total}");
        Assert.Equal(total, h.Ks.Stats.ExpiredKeys);
        string effects = h.TakeEffects();
        Assert.Equal(total, effects.Split("$3\r\nDEL\r\n").Length - 1);
        Assert.Equal(Bulk("v"), h.Run("GET", "persistent"));
        Assert.Equal(Int(100), h.Run("TTL", "k950"));
    }

    [Fact]
    public void ActiveCycleStopsWhenFewKeysAreExpired()
    {
        var h = new Harness();
        for (int i = 0; i < 1000; i++)
        {
            h.Run("SET", "k" + i, "v", "EX", "100");
        }

        h.Run("SET", "gone", "v", "PX", "1");
        h.Clock.Advance(5);
        int expired = h.Ks.ActiveExpireCycle(null, maxKeysSampled: 100000);
        Assert.InRange(expired, 0, 1);
        Assert.True(h.Ks.GetDatabase(0).Count >= 1000);
    }

    [Fact]
    public void ReplicaHidesExpiredKeysWithoutDeletingThem()
    {
        var h = new Harness(new KeyspaceSettings { IsReplica = true });
        h.Session.IsMasterLink = true;
        h.Run("SET", "k", "v", "PXAT", (h.Clock.UnixTimeMilliseconds + 100).ToString());
        h.Run("PEXPIREAT", "old", "1");
        h.Run("SET", "past", "v", "PXAT", "5");
        h.Session.IsMasterLink = false;
        Assert.Equal(Int(2), h.Run("DBSIZE")); // "past" is stored with its past expiry, waiting for the master's DEL
        Assert.Equal(Nil, h.Run("GET", "past"));
        h.Clock.Advance(101);
        h.TakeEffects();
        Assert.Equal(Nil, h.Run("GET", "k"));
        Assert.Equal(Int(0), h.Run("EXISTS", "k"));
        Assert.Equal("*0\r\n", h.Run("KEYS", "*"));
        Assert.Equal(Int(-2), h.Run("TTL", "k"));
        Assert.Equal("", h.TakeEffects());
        Assert.Equal(Int(2), h.Run("DBSIZE"));
        Assert.Equal(0, h.Ks.ActiveExpireCycle(h.EffectsWriter));
        Assert.Equal(0, h.Ks.Stats.ExpiredKeys);

        // The master link still sees the key and its DEL removes it.
        h.Session.IsMasterLink = true;
        Assert.Equal(Bulk("v"), h.Run("GET", "k"));
        Assert.Equal(Int(1), h.Run("DEL", "k"));
        h.Session.IsMasterLink = false;
        Assert.Equal(Int(1), h.Run("DBSIZE"));
        Assert.Equal(Int(0), h.Run("EXISTS", "past"));
    }

    [Fact]
    public void WritesOnAReplicaReplaceHiddenExpiredKeys()
    {
        var h = new Harness(new KeyspaceSettings { IsReplica = true });
        h.Session.IsMasterLink = true;
        h.Run("SET", "k", "old", "PXAT", (h.Clock.UnixTimeMilliseconds + 10).ToString());
        h.Run("HSET", "hh", "f", "v");
        h.Run("PEXPIREAT", "hh", (h.Clock.UnixTimeMilliseconds + 10).ToString());
        h.Session.IsMasterLink = false;
        h.Clock.Advance(20);
        h.TakeEffects();
        Assert.Equal(Int(1), h.Run("SETNX", "k", "new"));
        Assert.Equal(Int(1), h.Run("HSET", "hh", "g", "w"));
        Assert.Equal(Int(2), h.Run("DBSIZE"));
        Assert.Equal(Bulk("new"), h.Run("GET", "k"));
        Assert.Equal("*2\r\n$1\r\ng\r\n$1\r\nw\r\n", h.Run("HGETALL", "hh"));
        Assert.Equal(h.Ks.RecomputeUsedMemory(), h.Ks.UsedMemory);
    }

    [Fact]
    public void ReplicaCanBePromoted()
    {
        var settings = new KeyspaceSettings { IsReplica = true };
        var h = new Harness(settings);
        h.Session.IsMasterLink = true;
        h.Run("SET", "k", "v", "PXAT", (h.Clock.UnixTimeMilliseconds + 10).ToString());
        h.Session.IsMasterLink = false;
        h.TakeEffects();
        h.Ks.ResetEffectsDatabase();
        h.Clock.Advance(20);
        h.Run("GET", "k");
        Assert.Equal("", h.TakeEffects());
        settings.IsReplica = false;
        Assert.Equal(Nil, h.Run("GET", "k"));
        Assert.Equal(Cmd("SELECT", "0") + Cmd("DEL", "k"), h.TakeEffects());
    }

    [Fact]
    public void KeyspaceInfoAndAverageTtl()
    {
        var h = new Harness();
        h.Run("SET", "a", "1", "EX", "10");
        h.Run("SET", "b", "1", "EX", "20");
        h.Run("SET", "c", "1");
        h.Run("SELECT", "2");
        h.Run("SET", "d", "1");
        var info = h.Ks.GetKeyspaceInfo();
        Assert.Equal(2, info.Count);
        Assert.Equal(new DatabaseInfo(0, 3, 2, 15000), info[0]);
        Assert.Equal(new DatabaseInfo(2, 1, 0, 0), info[1]);
        h.Run("GET", "d");
        h.Run("GET", "zz");
        Assert.Equal(1, h.Ks.Stats.KeyspaceHits);
        Assert.Equal(1, h.Ks.Stats.KeyspaceMisses);
    }
}
