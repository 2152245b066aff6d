using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Tests;

/// <summary>
/// The write commands added for Redis parity tell the snapshot write observer before they change anything: a walk
/// begun before them, and run in small slices between them, still yields the dataset as it was when it began.
/// </summary>
public class ParityWriteObserverTests
{
    private static readonly string[][] Writes =
    [
        ["SETBIT", "s0", "100", "1"],
        ["SETBIT", "s5", "3", "1"],
        ["INCRBYFLOAT", "f", "0.1"],
        ["HINCRBYFLOAT", "h0", "n", "0.1"],
        ["COPY", "s1", "s2", "REPLACE"],
        ["COPY", "h1", "new", "DB", "2"],
        ["MOVE", "only0", "2"],
        ["LINSERT", "l0", "BEFORE", "b", "x"],
        ["LMOVE", "l1", "l2", "LEFT", "RIGHT"],
        ["RPOPLPUSH", "l2", "l3"],
        ["LMPOP", "2", "nokey", "l3", "LEFT", "COUNT", "2"],
        ["SORT", "l4", "ALPHA", "STORE", "l5"],
        ["SORT", "l6", "ALPHA", "STORE", "l6"],
        ["SINTERSTORE", "t0", "t1", "t2"],
        ["SUNIONSTORE", "t3", "t1", "t2"],
        ["SDIFFSTORE", "t4", "t1", "t2"],
        ["SWAPDB", "0", "1"],
        ["SETBIT", "s9", "8", "1"],
        ["SWAPDB", "1", "2"],
        ["COPY", "s8", "s8", "DB", "1", "REPLACE"],
        ["SELECT", "2"],
        ["MOVE", "only1", "0"],
        ["SWAPDB", "2", "0"],
        ["SETBIT", "s4", "0", "1"],
    ];

    private static void Populate(Harness h)
    {
        foreach (string db in new[] { "0", "1", "2" })
        {
            h.Run("SELECT", db);
            for (int i = 0; i < 10; i++)
            {
                h.Run("SET", "s" + i, "value" + i + db);
                h.Run("RPUSH", "l" + i, "a", "b", "c" + db, i.ToString());
                h.Run("HSET", "h" + i, "f", "v" + db, "n", i.ToString());
                h.Run("SADD", "t" + i, "m" + (i % 3), "m" + ((i + 1) % 3), db);
            }

            h.Run("SET", "f", "1.5");
            h.Run("PEXPIRE", "s7", "100000");
        }

        h.Run("SELECT", "0");
        h.Run("RPUSH", "only0", "x", "y");
        h.Run("SET", "only1", "z");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void AWalkBegunBeforeTheWritesSeesTheOldDataset(int slotsPerSlice)
    {
        var h = new Harness();
        Populate(h);
        string before = h.Ks.ComputeDigest();

        var crc = new Crc64();
        var stream = new MemoryStream();
        byte[] header = SnapshotFormat.EncodeHeader(new SnapshotHeader("walk", 0, h.Ks.DatabaseCount, 0));
        crc.Append(header);
        stream.Write(header);
        var walk = new SnapshotWalk(1, chunkBytes: 256, slotsPerSlice: slotsPerSlice);
        walk.Begin(h.Ks);
        bool done = false;
        void Slice()
        {
            if (!done)
            {
                byte[] part = walk.RunSlice(out done);
                crc.Append(part);
                stream.Write(part);
            }
        }

        Slice();
        foreach (string[] write in Writes)
        {
            string reply = h.Run(write);
            Assert.False(reply.StartsWith('-'), string.Join(' ', write) + " => " + reply);
            if (write[0] is "MOVE" or "COPY")
            {
                Assert.True(reply == ":1\r\n", string.Join(' ', write) + " => " + reply);
            }
            Slice();
        }

        while (!done)
        {
            Slice();
        }

        stream.Write(SnapshotFormat.EncodeEnd(walk.KeysWritten, ref crc));
        Assert.NotEqual(before, h.Ks.ComputeDigest());

        var loaded = new KeyspaceEngine(new KeyspaceSettings(), new ManualClock());
        var loader = new SnapshotLoader(loaded);
        loader.Feed(stream.ToArray());
        loader.Complete();
        Assert.Equal(before, loaded.ComputeDigest());
    }
}
