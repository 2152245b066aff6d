namespace ActorReplication.Cache.Tests;

/// <summary>
/// Deterministic complement to the FsCheck property: many seeded random sequences; on failure it reports the shortest
/// failing prefix with each command, its reply and its effects, which is what one needs to debug a divergence.
/// </summary>
public class ReplicationSoakTests
{
    [Fact]
    public void SeededSequencesConverge()
    {
        var rng = new Random(1);
        for (int run = 0; run < 1000; run++)
        {
            int[] seeds = new int[rng.Next(1, 300)];
            for (int i = 0; i < seeds.Length; i++)
            {
                seeds[i] = rng.Next();
            }

            try
            {
                ReplicationPropertyTests.ReplicaConverges(seeds);
            }
            catch (Exception e)
            {
                // shrink: shortest failing prefix
                int lo = 1;
                int hi = seeds.Length;
                while (lo < hi)
                {
                    int mid = (lo + hi) / 2;
                    bool fails;
                    try { ReplicationPropertyTests.ReplicaConverges(seeds[..mid]); fails = false; } catch { fails = true; }
                    if (fails) { hi = mid; } else { lo = mid + 1; }
                }

                var h = new Harness(new ActorReplication.Cache.Keyspace.KeyspaceSettings { RandomSeed = 1 }, startMs: 1_000_000);
                var lines = new List<string>();
                foreach (int s in seeds[..lo])
                {
                    string[] op = ReplicationPropertyTests.BuildOp(s, h.Clock.UnixTimeMilliseconds);
                    if (op[0] == "#ADVANCE") { h.Clock.Advance(long.Parse(op[1])); lines.Add(string.Join(' ', op)); continue; }
                    if (op[0].StartsWith('#')) { h.Ks.ActiveExpireCycle(h.EffectsWriter, 50); lines.Add(op[0] + " => " + h.TakeEffects().Replace("\r\n", " ")); continue; }
                    string r = h.Run(op);
                    lines.Add(string.Join(' ', op) + " => " + r.Replace("\r\n", " ") + " | " + h.TakeEffects().Replace("\r\n", " "));
                }

                throw new Exception(e.Message + "\n" + string.Join("\n", lines.TakeLast(25)));
            }
        }
    }
}
