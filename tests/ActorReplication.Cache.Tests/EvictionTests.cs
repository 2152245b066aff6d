using ActorReplication.Cache.Keyspace;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class EvictionTests
{
    private static readonly string Value = new('v', 100);

    private static (Harness H, KeyspaceSettings S) Create(EvictionPolicy policy)
    {
        var s = new KeyspaceSettings { Databases = 1, EvictionPolicy = policy, RandomSeed = 5 };
        var h = new Harness(s);
        return (h, s);
    }

    /// <summary>Room for exactly <paramref name="keys"/> more small keys than the current dataset.</summary>
    private static void LimitTo(Harness h, KeyspaceSettings s, int keys) => s.MaxMemory = h.Ks.UsedMemory + (keys * 160L); // a short key (32 bytes) + a 100-byte value (128 bytes)

    [Fact]
    public void NoEvictionRejectsDenyOomCommandsOnly()
    {
        var (h, s) = Create(EvictionPolicy.NoEviction);
        for (int i = 0; i < 50; i++)
        {
            h.Run("SET", "k" + i, Value);
        }

        s.MaxMemory = h.Ks.UsedMemory - 1;
        Assert.Equal("-OOM command not allowed when used memory > 'maxmemory'.\r\n", h.Run("SET", "x", "y"));
        Assert.Equal("-OOM command not allowed when used memory > 'maxmemory'.\r\n", h.Run("LPUSH", "l", "y"));
        Assert.Equal(Bulk(Value), h.Run("GET", "k1"));
        Assert.Equal(Int(1), h.Run("DEL", "k1"));
        Assert.Equal(Ok, h.Run("SET", "x", "y"));
        Assert.Equal(0, h.Ks.Stats.EvictedKeys);
        Assert.True(h.Ks.IsOverMaxMemory is false);
    }

    [Fact]
    public void AllKeysLruKeepsRecentlyUsedKeys()
    {
        var (h, s) = Create(EvictionPolicy.AllKeysLru);
        h.Ks.GetDatabase(0).Keys.EnsureCapacity(1024);
        for (int i = 0; i < 100; i++)
        {
            h.Run("SET", "k" + i, Value);
            h.Clock.Advance(10);
        }

        LimitTo(h, s, 0);
        for (int round = 0; round < 5; round++)
        {
            h.Clock.Advance(10);
            for (int i = 0; i < 10; i++)
            {
                h.Run("GET", "k" + i); // hot keys: the oldest written, the most recently read
            }
        }

        h.TakeEffects();
        for (int i = 0; i < 40; i++)
        {
            h.Clock.Advance(10);
            h.Run("SET", "new" + i, Value);
        }

        Assert.True(h.Ks.Stats.EvictedKeys >= 30, $"evicted {h.Ks.Stats.EvictedKeys}");
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(Bulk(Value), h.Run("GET", "k" + i));
        }

        Assert.True(h.Ks.UsedMemory <= s.MaxMemory + 400);
        string effects = h.TakeEffects();
        Assert.Equal(h.Ks.Stats.EvictedKeys, effects.Split("$3\r\nDEL\r\n").Length - 1);
    }

    [Fact]
    public void VolatileLruEvictsOnlyKeysWithTtlThenRejects()
    {
        var (h, s) = Create(EvictionPolicy.VolatileLru);
        h.Ks.GetDatabase(0).Keys.EnsureCapacity(1024);
        for (int i = 0; i < 20; i++)
        {
            h.Run("SET", "p" + i, Value);
            h.Run("SET", "v" + i, Value, "EX", "1000");
        }

        LimitTo(h, s, 0);
        for (int i = 0; i < 30; i++)
        {
            h.Run("SET", "n" + i, Value);
        }

        Assert.Equal(0, h.Ks.GetDatabase(0).ExpiresCount);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(Bulk(Value), h.Run("GET", "p" + i));
        }

        Assert.StartsWith("-OOM", h.Run("SET", "more", Value));
        Assert.Equal(20, h.Ks.Stats.EvictedKeys);
    }

    [Fact]
    public void AllKeysRandomEvictsUntilUnderTheLimit()
    {
        var (h, s) = Create(EvictionPolicy.AllKeysRandom);
        h.Ks.GetDatabase(0).Keys.EnsureCapacity(1024);
        for (int i = 0; i < 100; i++)
        {
            h.Run("SET", "k" + i, Value);
        }

        LimitTo(h, s, -50);
        h.Run("GET", "k0");
        Assert.InRange(h.Ks.Stats.EvictedKeys, 45, 60);
        Assert.False(h.Ks.IsOverMaxMemory);
        Assert.Equal(100 - h.Ks.Stats.EvictedKeys, h.Ks.TotalKeys);
    }

    [Fact]
    public void VolatileRandomLeavesPersistentKeys()
    {
        var (h, s) = Create(EvictionPolicy.VolatileRandom);
        h.Ks.GetDatabase(0).Keys.EnsureCapacity(1024);
        for (int i = 0; i < 30; i++)
        {
            h.Run("SET", "p" + i, Value);
            h.Run("SET", "v" + i, Value, "PX", "100000");
        }

        LimitTo(h, s, -20);
        h.Run("GET", "p0");
        Assert.Equal(30, h.Ks.GetDatabase(0).Count - h.Ks.GetDatabase(0).ExpiresCount);
        Assert.InRange(h.Ks.Stats.EvictedKeys, 15, 25);
    }

    [Fact]
    public void VolatileTtlEvictsNearestExpiryFirst()
    {
        var (h, s) = Create(EvictionPolicy.VolatileTtl);
        s.MaxMemorySamples = 10;
        h.Ks.GetDatabase(0).Keys.EnsureCapacity(1024);
        for (int i = 1; i <= 50; i++)
        {
            h.Run("SET", "t" + i, Value, "EX", (i * 100).ToString());
        }

        LimitTo(h, s, -25);
        h.Run("GET", "t50");
        Assert.True(h.Ks.Stats.EvictedKeys >= 20);
        Assert.Equal(Bulk(Value), h.Run("GET", "t50"));
        Assert.Equal(Bulk(Value), h.Run("GET", "t49"));
        Assert.Equal(Nil, h.Run("GET", "t1"));
        Assert.Equal(Nil, h.Run("GET", "t2"));
    }

    [Fact]
    public void ReplicasNeverEvict()
    {
        var (h, s) = Create(EvictionPolicy.AllKeysRandom);
        for (int i = 0; i < 20; i++)
        {
            h.Run("SET", "k" + i, Value);
        }

        s.IsReplica = true;
        s.MaxMemory = 1;
        h.TakeEffects();
        Assert.Equal(Ok, h.Run("SET", "x", "y"));
        Assert.Equal(0, h.Ks.Stats.EvictedKeys);
        Assert.Equal(21, h.Ks.TotalKeys);
        s.IsReplica = false;
        Assert.True(h.Ks.EvictIfNeeded(h.EffectsWriter) is false);
        Assert.Equal(0, h.Ks.TotalKeys);
    }
}
