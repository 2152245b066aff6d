using ActorReplication.Cache.Keyspace;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Cache.Tests;

/// <summary>
/// Executing random command sequences on a master while collecting effects, then applying the effect stream to an empty
/// replica, yields the same dataset (DEBUG DIGEST), with expiries driven by a manual clock.
/// </summary>
public class ReplicationPropertyTests
{
    private const string Advance = "#ADVANCE";
    private const string ActiveExpire = "#ACTIVE-EXPIRE";

    private static readonly string[] KeyNames = ["a", "b", "c", "d"];
    private static readonly string[] Vals = ["x", "y", "10", "-3", "1.5", "", "abc"];
    private static readonly string[] Fields = ["f", "g", "h"];
    private static readonly string[] Members = ["m1", "m2", "m3", "m4", "5"];

    /// <summary>Builds one command (or a clock/cycle pseudo-op) from a seed.</summary>
    internal static string[] BuildOp(int seed, long now)
    {
        var r = new Random(seed);
        string K() => KeyNames[r.Next(KeyNames.Length)];
        string V() => Vals[r.Next(Vals.Length)];
        string F() => Fields[r.Next(Fields.Length)];
        string M() => Members[r.Next(Members.Length)];
        string N(int lo, int hi) => r.Next(lo, hi + 1).ToString();
        string AtMs() => (now + r.Next(-2000, 5000)).ToString();
        string AtS() => ((now / 1000) + r.Next(-2, 6)).ToString();
        switch (r.Next(80))
        {
            case 0: case 1: case 2: return [Advance, r.Next(4) switch { 0 => "1", 1 => "100", 2 => "1000", _ => "3000" }];
            case 3: return [ActiveExpire];
            case 4: return ["SELECT", N(0, 1)];
            case 5: case 6: return ["SET", K(), V()];
            case 7:
                {
                    var a = new List<string> { "SET", K(), V() };
                    switch (r.Next(5))
                    {
                        case 0: a.AddRange(["EX", N(1, 3)]); break;
                        case 1: a.AddRange(["PX", N(1, 3000)]); break;
                        case 2: a.AddRange(["EXAT", AtS()]); break;
                        case 3: a.AddRange(["PXAT", AtMs()]); break;
                        default: a.Add("KEEPTTL"); break;
                    }

                    if (r.Next(3) == 0)
                    {
                        a.Add(r.Next(2) == 0 ? "NX" : "XX");
                    }

                    if (r.Next(3) == 0)
                    {
                        a.Add("GET");
                    }

                    return [.. a];
                }
            case 8: return ["SETNX", K(), V()];
            case 9: return ["SETEX", K(), N(1, 3), V()];
            case 10: return ["PSETEX", K(), N(1, 3000), V()];
            case 11: return ["GETSET", K(), V()];
            case 12: return ["GETDEL", K()];
            case 13:
                return r.Next(5) switch
                {
                    0 => ["GETEX", K(), "EX", N(1, 3)],
                    1 => ["GETEX", K(), "PX", N(1, 3000)],
                    2 => ["GETEX", K(), "EXAT", AtS()],
                    3 => ["GETEX", K(), "PXAT", AtMs()],
                    _ => ["GETEX", K(), "PERSIST"],
                };
            case 14: return ["MSET", K(), V(), K(), V()];
            case 15: return ["MSETNX", K(), V(), K(), V()];
            case 16: return ["INCR", K()];
            case 17: return ["DECR", K()];
            case 18: return ["INCRBY", K(), N(-5, 5)];
            case 19: return ["DECRBY", K(), N(-5, 5)];
            case 20: return ["INCRBYFLOAT", K(), r.Next(2) == 0 ? "0.5" : "-1.25"];
            case 21: return ["APPEND", K(), V()];
            case 22: return ["SETRANGE", K(), N(0, 4), V()];
            case 23: return ["DEL", K(), K()];
            case 24: return ["UNLINK", K()];
            case 25: return ["EXPIRE", K(), N(-1, 3), .. ExpireOpt(r)];
            case 26: return ["PEXPIRE", K(), N(-100, 3000), .. ExpireOpt(r)];
            case 27: return ["EXPIREAT", K(), AtS(), .. ExpireOpt(r)];
            case 28: return ["PEXPIREAT", K(), AtMs(), .. ExpireOpt(r)];
            case 29: return ["PERSIST", K()];
            case 30: return ["RENAME", K(), K()];
            case 31: return ["RENAMENX", K(), K()];
            case 32: return ["HSET", K(), F(), V(), F(), V()];
            case 33: return ["HMSET", K(), F(), V()];
            case 34: return ["HSETNX", K(), F(), V()];
            case 35: return ["HDEL", K(), F(), F()];
            case 36: return ["HINCRBY", K(), F(), N(-3, 3)];
            case 37: return ["HINCRBYFLOAT", K(), F(), "0.25"];
            case 38: return ["LPUSH", K(), V(), V()];
            case 39: return ["RPUSH", K(), V()];
            case 40: return ["LPUSHX", K(), V()];
            case 41: return ["RPUSHX", K(), V()];
            case 42: return r.Next(2) == 0 ? ["LPOP", K()] : ["LPOP", K(), N(0, 3)];
            case 43: return r.Next(2) == 0 ? ["RPOP", K()] : ["RPOP", K(), N(0, 3)];
            case 44: return ["LSET", K(), N(-2, 2), V()];
            case 45: return ["LREM", K(), N(-2, 2), V()];
            case 46: return ["LTRIM", K(), N(-3, 2), N(-3, 3)];
            case 47: return ["SADD", K(), M(), M()];
            case 48: return ["SREM", K(), M(), M()];
            case 49: return r.Next(2) == 0 ? ["SPOP", K()] : ["SPOP", K(), N(0, 3)];
            case 50: return ["SMOVE", K(), K(), M()];
            case 51: return ["GET", K()];
            case 52: return ["HGETALL", K()];
            case 53: return ["LRANGE", K(), "0", "-1"];
            case 54: return ["SMEMBERS", K()];
            case 55: return ["EXISTS", K(), K()];
            case 56: return ["TTL", K()];
            case 57: return ["RANDOMKEY"];
            case 58: return ["SCAN", "0", "COUNT", "2"];
            case 59: return ["FLUSHDB"];
            case 60: return ["DEBUG", "POPULATE", N(0, 3), "a", N(0, 5)];
            case 61: return ["SETBIT", K(), N(0, 20), N(0, 1)];
            case 62:
                {
                    var a = new List<string> { "COPY", K(), K() };
                    if (r.Next(2) == 0)
                    {
                        a.AddRange(["DB", N(0, 1)]);
                    }

                    if (r.Next(2) == 0)
                    {
                        a.Add("REPLACE");
                    }

                    return [.. a];
                }

            case 63: return ["MOVE", K(), N(0, 1)];
            case 64: return ["SWAPDB", N(0, 2), N(0, 2)];
            case 65:
                {
                    var a = new List<string> { "SORT", K() };
                    if (r.Next(2) == 0)
                    {
                        a.Add("ALPHA");
                    }

                    if (r.Next(3) == 0)
                    {
                        a.AddRange(["BY", r.Next(2) == 0 ? "nosort" : "*"]);
                    }

                    if (r.Next(3) == 0)
                    {
                        a.Add("DESC");
                    }

                    if (r.Next(3) == 0)
                    {
                        a.AddRange(["LIMIT", N(-1, 2), N(-1, 3)]);
                    }

                    if (r.Next(3) == 0)
                    {
                        a.AddRange(["GET", "#", "GET", "*"]);
                    }

                    a.AddRange(["STORE", K()]);
                    return [.. a];
                }

            case 66: return ["LINSERT", K(), r.Next(2) == 0 ? "BEFORE" : "AFTER", V(), V()];
            case 67: return ["LMOVE", K(), K(), r.Next(2) == 0 ? "LEFT" : "RIGHT", r.Next(2) == 0 ? "LEFT" : "RIGHT"];
            case 68: return ["RPOPLPUSH", K(), K()];
            case 69: return r.Next(2) == 0 ? ["LMPOP", "2", K(), K(), "LEFT"] : ["LMPOP", "1", K(), "RIGHT", "COUNT", N(1, 3)];
            case 70: return ["SINTERSTORE", K(), K(), K()];
            case 71: return ["SUNIONSTORE", K(), K(), K()];
            case 72: return ["SDIFFSTORE", K(), K(), K()];
            case 73:
                return r.Next(6) switch
                {
                    0 => ["SINTERCARD", "2", K(), K()],
                    1 => ["LPOS", K(), V(), "RANK", "-1", "COUNT", "0"],
                    2 => ["HRANDFIELD", K(), "-2", "WITHVALUES"],
                    3 => ["BITCOUNT", K(), "0", "-1", "BIT"],
                    4 => ["LCS", K(), K(), "IDX"],
                    _ => ["OBJECT", "ENCODING", K()],
                };
            case 74: return ["INCRBYFLOAT", K(), r.Next(3) switch { 0 => "0.1", 1 => "1e400", _ => "-3.5e-7" }];
            case 75: return ["HINCRBYFLOAT", K(), F(), r.Next(2) == 0 ? "0.1" : "1e30"];
            case 76: return ["SORT", K(), "BY", "nosort", "STORE", K()];
            case 77: return ["SPOP", K(), N(0, 2)];
            case 78: return ["COPY", K(), K(), "DB", "1", "REPLACE"];
            default: return ["TYPE", K()];
        }
    }

    private static string[] ExpireOpt(Random r) => r.Next(6) switch
    {
        0 => ["NX"],
        1 => ["XX"],
        2 => ["GT"],
        3 => ["LT"],
        _ => [],
    };

    /// <summary>Runs the ops on a master, replays its effects on a fresh replica, and compares digests.</summary>
    internal static bool ReplicaConverges(int[] seeds, KeyspaceSettings? masterSettings = null)
    {
        var master = new Harness(masterSettings ?? new KeyspaceSettings { RandomSeed = 1 }, startMs: 1_000_000);
        var replicaClock = new ManualClock(1_000_000);
        var replica = new KeyspaceEngine(new KeyspaceSettings { IsReplica = true }, replicaClock);
        var link = new ClientSession { IsMasterLink = true };
        foreach (int seed in seeds)
        {
            string[] op = BuildOp(seed, master.Clock.UnixTimeMilliseconds);
            if (op[0] == Advance)
            {
                master.Clock.Advance(long.Parse(op[1]));
                continue;
            }

            if (op[0] == ActiveExpire)
            {
                master.Ks.ActiveExpireCycle(master.EffectsWriter, 50);
            }
            else
            {
                master.Run(op);
            }

            // Apply incrementally (as a live link would) so the replica sees every intermediate state.
            Harness.Apply(master.TakeEffectBytes(), replica, link);
            replicaClock.UnixTimeMilliseconds = master.Clock.UnixTimeMilliseconds;
        }

        // Compare without executing commands: a command on the master could evict (and emit DELs) first.
        string a = master.Ks.ComputeDigest();
        string b = replica.ComputeDigest();
        if (a != b)
        {
            throw new Xunit.Sdk.XunitException($"digest differs: master {a.Trim()} replica {b.Trim()} after {seeds.Length} ops");
        }

        if (master.Ks.UsedMemory != master.Ks.RecomputeUsedMemory() || replica.UsedMemory != replica.RecomputeUsedMemory())
        {
            throw new Xunit.Sdk.XunitException("incremental used_memory drifted from a full recount");
        }

        return true;
    }

    private static Arbitrary<int[]> Ops(int max) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(max, 5 + (size * 3))).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, int.MaxValue), n)))
           .ToArbitrary();

    [Fact]
    public void ReplicaAppliedEffectsHaveTheMastersDigest()
    {
        Prop.ForAll(Ops(300), seeds => ReplicaConverges(seeds)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ReplicaConvergesUnderEviction()
    {
        var settings = new KeyspaceSettings { RandomSeed = 3, MaxMemory = 2600, EvictionPolicy = EvictionPolicy.AllKeysLru };
        Prop.ForAll(Ops(300), seeds => ReplicaConverges(seeds, settings)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TheGeneratorCoversEveryWriteCommand()
    {
        var seen = new HashSet<string>();
        for (int s = 0; s < 20000; s++)
        {
            seen.Add(BuildOp(s, 1_000_000)[0]);
        }

        foreach (string name in new[]
        {
            "SET", "SETNX", "SETEX", "PSETEX", "GETSET", "GETDEL", "GETEX", "MSET", "MSETNX", "INCR", "DECR", "INCRBY",
            "DECRBY", "INCRBYFLOAT", "APPEND", "SETRANGE", "DEL", "UNLINK", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT",
            "PERSIST", "RENAME", "RENAMENX", "FLUSHDB", "SELECT", "HSET", "HMSET", "HSETNX", "HDEL", "HINCRBY",
            "HINCRBYFLOAT", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LSET", "LREM", "LTRIM", "SADD",
            "SREM", "SPOP", "SMOVE", "DEBUG", "SETBIT", "COPY", "MOVE", "SWAPDB", "SORT", "LINSERT", "LMOVE",
            "RPOPLPUSH", "LMPOP", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE", Advance, ActiveExpire,
        })
        {
            Assert.Contains(name, seen);
        }
    }

    [Fact]
    public void WholeStreamAppliedAtOnceAlsoConverges()
    {
        var master = new Harness(new KeyspaceSettings { RandomSeed = 9 }, startMs: 1_000_000);
        var rng = new Random(123);
        for (int i = 0; i < 3000; i++)
        {
            string[] op = BuildOp(rng.Next(), master.Clock.UnixTimeMilliseconds);
            if (op[0] == Advance)
            {
                master.Clock.Advance(long.Parse(op[1]));
            }
            else if (op[0] == ActiveExpire)
            {
                master.Ks.ActiveExpireCycle(master.EffectsWriter);
            }
            else
            {
                master.Run(op);
            }
        }

        var replica = new Harness(new KeyspaceSettings { IsReplica = true });
        replica.Session.IsMasterLink = true;
        Harness.Apply(master.TakeEffectBytes(), replica.Ks, replica.Session);
        replica.Session.IsMasterLink = false;
        Assert.Equal(master.Digest(), replica.Digest());
        Assert.NotEqual("+" + new string('0', 40) + "\r\n", master.Digest());
    }
}
