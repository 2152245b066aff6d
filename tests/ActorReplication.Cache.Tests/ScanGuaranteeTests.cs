using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Cache.Tests;

/// <summary>SCAN returns every key that exists for the whole scan, whatever is added or removed between calls.</summary>
public class ScanGuaranteeTests
{
    private static bool ScanSeesStableKeys(int seed)
    {
        var rng = new Random(seed);
        var h = new Harness();
        var stable = new HashSet<string>();
        var volatileKeys = new List<string>();
        int initial = rng.Next(1, 400);
        for (int i = 0; i < initial; i++)
        {
            string k = "s" + i;
            h.Run("SET", k, "v");
            if (rng.Next(3) == 0)
            {
                volatileKeys.Add(k); // will be deleted during the scan
            }
            else
            {
                stable.Add(k);
            }
        }

        var seen = new HashSet<string>();
        string cursor = "0";
        int added = 0;
        int guard = 0;
        do
        {
            int count = rng.Next(1, 30);
            var (next, items) = KeyCommandsTests.ParseScan(h.Run("SCAN", cursor, "COUNT", count.ToString()));
            cursor = next;
            seen.UnionWith(items);

            // Concurrent modification: remove some, add many (forcing table growth and free-slot reuse).
            for (int j = rng.Next(0, 5); j > 0 && volatileKeys.Count > 0; j--)
            {
                int idx = rng.Next(volatileKeys.Count);
                h.Run("DEL", volatileKeys[idx]);
                volatileKeys.RemoveAt(idx);
            }

            // Fewer additions than keys visited per call, so the scan terminates (new keys land past the cursor).
            for (int j = rng.Next(0, count); j > 0; j--)
            {
                h.Run("SET", "n" + added++, "v");
            }

            if (++guard > 100_000)
            {
                return false;
            }
        }
        while (cursor != "0");

        return stable.IsSubsetOf(seen);
    }

    [Fact]
    public void EveryKeyPresentForTheWholeScanIsReturned()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), ScanSeesStableKeys).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ScanOfAnUnchangedDatabaseReturnsEachKeyOnce()
    {
        var h = new Harness();
        for (int i = 0; i < 1000; i++)
        {
            h.Run("SET", "k" + i, "v");
        }

        for (int i = 0; i < 1000; i += 3)
        {
            h.Run("DEL", "k" + i);
        }

        var all = new List<string>();
        string cursor = "0";
        do
        {
            var (next, items) = KeyCommandsTests.ParseScan(h.Run("SCAN", cursor));
            Assert.True(items.Count <= 10);
            cursor = next;
            all.AddRange(items);
        }
        while (cursor != "0");
        Assert.Equal(666, all.Count);
        Assert.Equal(666, all.Distinct().Count());
    }
}
