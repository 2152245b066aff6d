using System.Buffers;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Replication.Tests;

/// <summary>
/// The snapshot walk is exact: a random dataset, random writes interleaved with the walk's slices, and the loaded
/// snapshot's DEBUG DIGEST equals the master's digest at the snapshot point; applying the effect stream produced after
/// the point to the loaded snapshot gives the master's final digest.
/// </summary>
public class SnapshotWalkPropertyTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 40).Select(i => "k" + i).ToArray();
    private static readonly string[] Vals = ["x", "y", "10", "-3", "1.5", "", "abc", "a longer value of some bytes"];
    private static readonly string[] Fields = ["f", "g", "h"];

    internal static string[] RandomWrite(Random r, long now)
    {
        string K() => Keys[r.Next(Keys.Length)];
        string V() => Vals[r.Next(Vals.Length)];
        string F() => Fields[r.Next(Fields.Length)];
        string N(int lo, int hi) => r.Next(lo, hi + 1).ToString();
        return r.Next(34) switch
        {
            0 or 1 or 2 => ["SET", K(), V()],
            3 => ["SET", K(), V(), "PX", N(1, 3000)],
            4 => ["SET", K(), V(), "KEEPTTL", "GET"],
            5 => ["GETSET", K(), V()],
            6 => ["GETDEL", K()],
            7 => ["GETEX", K(), "PX", N(1, 3000)],
            8 => ["GETEX", K(), "PERSIST"],
            9 => ["APPEND", K(), V()],
            10 => ["SETRANGE", K(), N(0, 3), V()],
            11 => ["INCR", K()],
            12 => ["DEL", K(), K()],
            13 => ["EXPIRE", K(), N(-1, 3)],
            14 => ["PEXPIREAT", K(), (now + r.Next(-2000, 5000)).ToString()],
            15 => ["PERSIST", K()],
            16 => ["RENAME", K(), K()],
            17 => ["HSET", K(), F(), V(), F(), V()],
            18 => ["HDEL", K(), F()],
            19 => ["HINCRBY", K(), F(), N(-3, 3)],
            20 => ["LPUSH", K(), V(), V()],
            21 => ["RPOP", K()],
            22 => ["LSET", K(), N(-2, 2), V()],
            23 => ["LTRIM", K(), N(-3, 2), N(-3, 3)],
            24 => ["SADD", K(), V(), V()],
            25 => ["SREM", K(), V()],
            26 => ["SPOP", K()],
            27 => ["SMOVE", K(), K(), V()],
            28 => ["SELECT", N(0, 2)],
            29 => r.Next(8) == 0 ? ["FLUSHDB"] : ["SET", K(), V()],
            30 => r.Next(12) == 0 ? ["FLUSHALL"] : ["MSET", K(), V(), K(), V()],
            31 => ["DEBUG", "POPULATE", N(0, 20), "p", N(1, 8)],
            32 => ["RPUSH", K(), V()],
            _ => ["GET", K()],
        };
    }

    private static KeyspaceEngine NewMaster(ManualClock clock) => new(new KeyspaceSettings { Databases = 3, RandomSeed = 3 }, clock);

    /// <summary>Runs the scenario for one seed; returns null on success or what differed.</summary>
    internal static string? WalkIsExact(int seed, int chunkBytes, int slotsPerSlice)
    {
        var r = new Random(seed);
        var clock = new ManualClock(1_000_000);
        var master = NewMaster(clock);
        var session = new ClientSession();
        var reply = new RespWriter(new ArrayBufferWriter<byte>());
        int before = r.Next(0, 300);
        for (int i = 0; i < before; i++)
        {
            if (r.Next(10) == 0)
            {
                clock.Advance(r.Next(0, 1500));
            }

            master.Execute(session, reply, null, RandomWrite(r, clock.UnixTimeMilliseconds));
        }

        string digestAtPoint = master.ComputeDigest();
        var effects = new ArrayBufferWriter<byte>();
        var effectsWriter = new RespWriter(effects);
        master.ResetEffectsDatabase();
        var walk = new SnapshotWalk(1, chunkBytes, slotsPerSlice);
        walk.Begin(master);
        using var body = new MemoryStream();
        bool done = false;
        while (!done)
        {
            switch (r.Next(6))
            {
                case 0:
                    body.Write(walk.RunSlice(out done));
                    break;
                case 1:
                    clock.Advance(r.Next(0, 1200));
                    master.ActiveExpireCycle(effectsWriter, 50);
                    break;
                default:
                    master.Execute(session, reply, effectsWriter, RandomWrite(r, clock.UnixTimeMilliseconds));
                    break;
            }
        }

        if (master.WriteObserver is not null)
        {
            return "the walk still observes the keyspace after its last slice";
        }

        for (int i = 0; i < r.Next(0, 30); i++)
        {
            master.Execute(session, reply, effectsWriter, RandomWrite(r, clock.UnixTimeMilliseconds));
        }

        // Frame and load.
        var crc = new Crc64();
        var header = SnapshotFormat.EncodeHeader(new SnapshotHeader(ReplId.New(), 0, 3, 0));
        crc.Append(header);
        var bodyBytes = body.ToArray();
        crc.Append(bodyBytes);
        byte[] snapshot = [.. header, .. bodyBytes, .. SnapshotFormat.EncodeEnd(walk.KeysWritten, ref crc)];
        var replica = new KeyspaceEngine(new KeyspaceSettings { Databases = 3, IsReplica = true }, new ManualClock(1_000_000));
        var loader = new SnapshotLoader(replica);
        loader.Feed(snapshot);
        loader.Complete();
        string loadedDigest = replica.ComputeDigest();
        if (loadedDigest != digestAtPoint)
        {
            return $"seed {seed}: loaded digest {loadedDigest} != digest at the point {digestAtPoint}";
        }

        // Snapshot at X + stream after X = the master's final state.
        Apply(replica, effects.WrittenMemory);
        string final = master.ComputeDigest();
        return replica.ComputeDigest() == final ? null : $"seed {seed}: snapshot + stream {replica.ComputeDigest()} != master {final}";
    }

    internal static void Apply(KeyspaceEngine replica, ReadOnlyMemory<byte> stream)
    {
        var link = new ClientSession { IsMasterLink = true };
        var parser = new RespRequestParser();
        using var batch = new RespRequestBatch();
        var buffer = new ReadOnlySequence<byte>(stream);
        var reply = new RespWriter(new ArrayBufferWriter<byte>());
        parser.Parse(ref buffer, batch);
        for (int i = 0; i < batch.Count; i++)
        {
            var cmd = batch[i];
            replica.Execute(CommandTable.Get(cmd.Id)!, link, cmd, reply, null);
        }
    }

    [Fact]
    public void A_walk_interleaved_with_random_writes_snapshots_exactly_the_point()
    {
        Prop.ForAll(
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            Gen.Elements(64, 512, 4096).ToArbitrary(),
            Gen.Elements(1, 3, 16).ToArbitrary(),
            (seed, chunk, slots) =>
            {
                var problem = WalkIsExact(seed, chunk, slots);
                return problem is null ? true.Label("ok") : false.Label(problem);
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Extra_memory_is_bounded_by_the_keys_written_during_the_walk()
    {
        var clock = new ManualClock(1_000_000);
        var master = NewMaster(clock);
        var reply = new RespWriter(new ArrayBufferWriter<byte>());
        master.Execute(new ClientSession(), reply, null, "DEBUG", "POPULATE", "10000", "key", "100");
        var walk = new SnapshotWalk(1, chunkBytes: 4096, slotsPerSlice: 64);
        walk.Begin(master);
        walk.RunSlice(out _);
        for (int i = 0; i < 20; i++)
        {
            master.Execute(new ClientSession(), reply, null, "SET", "key:" + (9999 - i), "new");
        }

        Assert.Equal(20, walk.KeysWrittenAhead);
        Assert.Equal(20, walk.SlotsMarkedAhead);
        Assert.InRange(walk.PendingBytes, 20 * 100, 20 * 140);
        bool done = false;
        long bytes = 0;
        while (!done)
        {
            bytes += walk.RunSlice(out done).Length;
        }

        Assert.Equal(10000, walk.KeysWritten);
        Assert.Equal(0, walk.SlotsMarkedAhead);
    }
}
