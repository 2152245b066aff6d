using ActorReplication.Cache.Keyspace;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Cache.Tests;

public class DataStructureTests
{
    [Fact]
    public void ByteTableBehavesLikeADictionaryAndKeepsSlotsStable()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var rng = new Random(seed);
            var table = new ByteTable<int>();
            var model = new Dictionary<string, int>();
            var slots = new Dictionary<string, int>();
            for (int i = 0; i < 2000; i++)
            {
                string k = "k" + rng.Next(300);
                byte[] key = System.Text.Encoding.ASCII.GetBytes(k);
                if (rng.Next(3) == 0)
                {
                    Assert.Equal(model.Remove(k), table.Remove(key));
                    slots.Remove(k);
                }
                else
                {
                    int slot = table.FindOrAdd(key, out bool added);
                    Assert.Equal(!model.ContainsKey(k), added);
                    if (!added)
                    {
                        Assert.Equal(slots[k], slot);
                    }

                    slots[k] = slot;
                    table.ValueAt(slot) = i;
                    model[k] = i;
                }

                Assert.Equal(model.Count, table.Count);
            }

            foreach (var (k, v) in model)
            {
                Assert.True(table.TryGetValue(System.Text.Encoding.ASCII.GetBytes(k), out int got));
                Assert.Equal(v, got);
            }

            int live = 0;
            for (int s = 0; s < table.SlotLimit; s++)
            {
                if (table.KeyAt(s) is not null)
                {
                    live++;
                }
            }

            return live == model.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h*llo", "hllo", true)]
    [InlineData("h*llo", "heeeelo", false)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[b-a]llo", "hallo", true)]
    [InlineData("h[a-b]llo", "hcllo", false)]
    [InlineData("h\\*llo", "h*llo", true)]
    [InlineData("h\\*llo", "hello", false)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("[abc", "b", true)]
    [InlineData("user:*:name", "user:42:name", true)]
    public void GlobMatchesLikeRedis(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(System.Text.Encoding.ASCII.GetBytes(pattern), System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void UsedMemoryTracksEveryMutationIncrementally()
    {
        var h = new Harness();
        var rng = new Random(11);
        for (int i = 0; i < 5000; i++)
        {
            string[] op = ReplicationPropertyTests.BuildOp(rng.Next(), h.Clock.UnixTimeMilliseconds);
            if (op[0].StartsWith('#'))
            {
                h.Clock.Advance(100);
                continue;
            }

            h.Run(op);
            Assert.Equal(h.Ks.RecomputeUsedMemory(), h.Ks.UsedMemory);
        }
    }

    [Fact]
    public void ExpiresIndexStaysConsistent()
    {
        var h = new Harness();
        var rng = new Random(3);
        var model = new Dictionary<string, long>();
        for (int i = 0; i < 3000; i++)
        {
            string k = "k" + rng.Next(50);
            switch (rng.Next(4))
            {
                case 0:
                    long at = h.Clock.UnixTimeMilliseconds + rng.Next(1, 100000);
                    h.Run("SET", k, "v", "PXAT", at.ToString());
                    model[k] = at;
                    break;
                case 1:
                    h.Run("SET", k, "v");
                    model[k] = -1;
                    break;
                case 2:
                    h.Run("DEL", k);
                    model.Remove(k);
                    break;
                default:
                    h.Run("PERSIST", k);
                    if (model.ContainsKey(k))
                    {
                        model[k] = -1;
                    }

                    break;
            }
        }

        Database db = h.Ks.GetDatabase(0);
        Assert.Equal(model.Count, db.Count);
        Assert.Equal(model.Values.Count(v => v >= 0), db.ExpiresCount);
        foreach (var (k, at) in model)
        {
            Assert.Equal(Harness.Int(at), h.Run("PEXPIRETIME", k));
        }

        for (int i = 0; i < db.ExpiresCount; i++)
        {
            Assert.Equal(i, db.EntryAt(db.ExpireSlotAt(i)).ExpireIndex);
        }
    }
}
