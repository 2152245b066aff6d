using System.Text;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Replication.Tests;

public class SnapshotFormatTests
{
    private static KeyspaceEngine NewEngine(int databases = 4) =>
        new(new KeyspaceSettings { Databases = databases, RandomSeed = 1 }, new ManualClock(1_700_000_000_000));

    internal static void Run(KeyspaceEngine ks, params string[] args)
    {
        var reply = new RespWriter(new System.Buffers.ArrayBufferWriter<byte>());
        ks.Execute(new ClientSession(), reply, null, args);
    }

    private static KeyspaceEngine Populated()
    {
        var ks = NewEngine();
        Run(ks, "SET", "s", "hello");
        Run(ks, "SET", "e", "expiring", "PX", "50000");
        Run(ks, "RPUSH", "l", "a", "b", "c");
        Run(ks, "SADD", "set", "x", "y");
        Run(ks, "HSET", "h", "f", "v", "g", "w");
        var session = new ClientSession { Db = 2 };
        ks.Execute(session, new RespWriter(new System.Buffers.ArrayBufferWriter<byte>()), null, "SET", "in2", "\u00ff\u0000binary");
        return ks;
    }

    private static KeyspaceEngine Load(byte[] snapshot, int chunk = int.MaxValue)
    {
        var target = NewEngine();
        var loader = new SnapshotLoader(target);
        for (int i = 0; i < snapshot.Length; i += chunk)
        {
            loader.Feed(snapshot.AsSpan(i, Math.Min(chunk, snapshot.Length - i)));
        }

        loader.Complete();
        return target;
    }

    [Fact]
    public void Crc64_matches_the_jones_check_value() =>
        Assert.Equal(0xE9C6D914C4B8D9CAUL, Crc64.Compute("123456789"u8));

    [Fact]
    public void Crc64_eight_bytes_at_a_time_equals_the_bytewise_definition_for_any_length_and_split()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        for (int length = 0; length <= data.Length; length += 13)
        {
            ulong expected = BytewiseCrc64(data.AsSpan(0, length));
            Assert.Equal(expected, Crc64.Compute(data.AsSpan(0, length)));
            for (int split = 0; split <= length; split += 5)
            {
                var crc = new Crc64();
                crc.Append(data.AsSpan(0, split));
                crc.Append(data.AsSpan(split, length - split));
                Assert.Equal(expected, crc.Value);
            }
        }
    }

    private static ulong BytewiseCrc64(ReadOnlySpan<byte> data)
    {
        ulong crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x95AC9329AC4BC9B5UL : crc >> 1;
        }
        return crc;
    }

    [Fact]
    public void Record_type_values_are_pinned()
    {
        Assert.Equal(1, (byte)SnapshotRecordType.String);
        Assert.Equal(2, (byte)SnapshotRecordType.List);
        Assert.Equal(3, (byte)SnapshotRecordType.Set);
        Assert.Equal(4, (byte)SnapshotRecordType.Hash);
        Assert.Equal(5, (byte)SnapshotRecordType.SortedSet);
        Assert.Equal(0xFF, (byte)SnapshotRecordType.End);
        Assert.Equal(1, SnapshotFormat.Version);
        Assert.Equal("ARSNAP", Encoding.ASCII.GetString(SnapshotFormat.Magic));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void A_snapshot_loads_into_an_equal_dataset_whatever_the_chunking(int chunk)
    {
        var master = Populated();
        var bytes = SnapshotFormat.WriteAll(master, ReplId.New(), 42, streamDb: 2);
        var loaded = Load(bytes, chunk);
        Assert.Equal(master.ComputeDigest(), loaded.ComputeDigest());
        Assert.Equal(master.TotalKeys, loaded.TotalKeys);
    }

    [Fact]
    public void The_header_carries_replid_offset_databases_and_stream_db()
    {
        var replid = ReplId.New();
        var bytes = SnapshotFormat.WriteAll(Populated(), replid, 1234, streamDb: 3);
        var loader = new SnapshotLoader(NewEngine());
        loader.Feed(bytes);
        Assert.Equal(new SnapshotHeader(replid, 1234, 4, 3), loader.Complete());
        Assert.Equal(6, loader.KeysLoaded);
    }

    [Fact]
    public void An_empty_keyspace_makes_a_valid_snapshot()
    {
        var loaded = Load(SnapshotFormat.WriteAll(NewEngine(), ReplId.New(), 0));
        Assert.Equal(0, loaded.TotalKeys);
    }

    public static TheoryData<string, Func<byte[], byte[]>, string> Corruptions => new()
    {
        { "bad magic", b => { b[0] = (byte)'X'; return b; }, "bad magic" },
        { "future version", b => { b[6] = 9; return b; }, "unsupported snapshot version 9" },
        { "flipped value byte", b => { b[b.Length - 40] ^= 0x01; return b; }, "snapshot:" },
        { "truncated", b => b[..^5], "snapshot truncated" },
        { "no end marker", b => b[..^21], "no end marker" },
        { "trailing garbage", b => [.. b, 1, 2, 3], "after the end marker" },
        { "flipped crc", b => { b[^1] ^= 0x80; return b; }, "checksum mismatch" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_snapshot_fails_with_a_clear_error_and_touches_nothing_else(string what, Func<byte[], byte[]> corrupt, string expected)
    {
        _ = what;
        var bytes = corrupt(SnapshotFormat.WriteAll(Populated(), ReplId.New(), 99));
        var live = Populated();
        var before = live.ComputeDigest();
        var ex = Assert.Throws<SnapshotFormatException>(() => Load(bytes));
        Assert.Contains(expected, ex.Message);
        Assert.Equal(before, live.ComputeDigest());
    }

    [Fact]
    public void A_key_count_that_disagrees_with_the_records_is_refused()
    {
        var ks = Populated();
        var header = SnapshotFormat.EncodeHeader(new SnapshotHeader(ReplId.New(), 0, 4, 0));
        var crc = new Crc64();
        crc.Append(header);
        var end = SnapshotFormat.EncodeEnd(3, ref crc);
        var ex = Assert.Throws<SnapshotFormatException>(() => Load([.. header, .. end]));
        Assert.Contains("key count mismatch: the end marker says 3 keys, the snapshot held 0", ex.Message);
        _ = ks;
    }

    [Fact]
    public void A_database_beyond_the_keyspace_is_refused_by_number()
    {
        var big = new KeyspaceEngine(new KeyspaceSettings { Databases = 16 }, new ManualClock());
        big.Execute(new ClientSession { Db = 9 }, new RespWriter(new System.Buffers.ArrayBufferWriter<byte>()), null, "SET", "k", "v");
        var ex = Assert.Throws<SnapshotFormatException>(() => Load(SnapshotFormat.WriteAll(big, ReplId.New(), 0)));
        Assert.Contains("is for database 9, but this keyspace has 4 databases", ex.Message);
    }
}
