using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Specs;

public class FullResyncSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    [Fact]
    public void Full_sync_of_a_populated_master_with_writes_during_the_walk_ends_with_equal_digests()
    {
        var master = Node("m");
        master.Run("DEBUG", "POPULATE", "2000", "key", "20");
        master.Run("RPUSH", "list", "a", "b", "c");
        master.Run("HSET", "hash", "f", "v");
        var replica = Node("r");
        var completed = Events<ReplicationEvents.SnapshotCompleted>();
        var link = Link(master);
        Control(link, new LinkRelay.HoldCredit(true));
        replica.Follow(link);

        // The point is taken; no chunk can flow: every write now hits a key the walk has not reached.
        AwaitCondition(() => Delivered(link).OfType<FullResync>().Any(), Long);
        master.RunBatch(Writes("key", 300, 30));
        master.Run("DEL", "key:1000", "key:1001", "list");
        master.Run("HSET", "hash", "g", "w");
        master.Run("SET", "brand-new", "x");
        master.RunBatch(Writes("after", 50));
        Control(link, new LinkRelay.HoldCredit(false));

        AwaitInSync(master, replica);
        var done = completed.ExpectMsg<ReplicationEvents.SnapshotCompleted>(Long);
        Assert.True(done.Succeeded);
        Assert.Equal(2002, done.Keys);
        Assert.Equal(300 + 3 + 1, done.KeysWrittenAhead); // the rest were reached by the walk itself
        Stats(master).Is(full: 1, partialOk: 0, partialErr: 0);
        Assert.Equal("connected", replica.LinkInfo().LinkState);
        Assert.True(replica.LinkInfo().LinkUp);
    }

    [Fact]
    public void Snapshot_chunks_flow_only_against_credit()
    {
        var master = Node("m");
        master.Run("DEBUG", "POPULATE", "300", "key", "50");
        var replica = CreateTestProbe();
        replica.Send(master.Master, Ping.Instance);
        replica.ExpectMsg<Pong>();
        replica.Send(master.Master, new ReplConf("probe", "127.0.0.1", 7000, ["psync2"], ""));
        replica.ExpectMsg<ReplConfOk>();
        replica.Send(master.Master, Psync.Full("probe"));
        var full = replica.ExpectMsg<FullResync>(Long);
        var session = replica.LastSender;

        replica.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        replica.Send(session, new Credit(1));
        Assert.Equal(0, replica.ExpectMsg<SnapshotChunk>().Seq);
        replica.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        replica.Send(session, new Credit(2));
        Assert.Equal(1, replica.ExpectMsg<SnapshotChunk>().Seq);
        Assert.Equal(2, replica.ExpectMsg<SnapshotChunk>().Seq);
        replica.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        replica.Send(session, new Credit(100_000));
        var chunks = new List<SnapshotChunk>();
        SnapshotEnd? end = null;
        while (end is null)
        {
            var m = replica.ExpectMsg<object>(Long);
            if (m is SnapshotChunk c) chunks.Add(c);
            else end = m as SnapshotEnd;
        }

        Assert.True(chunks.Count > 10);
        Assert.Equal(chunks.Count + 3, end.Chunks);
        Assert.Equal(master.Info().MasterReplOffset, full.Offset);
    }

    [Fact]
    public void A_full_sync_announces_the_point_and_the_snapshot_loads_to_the_master_digest()
    {
        var master = Node("m");
        master.Run("DEBUG", "POPULATE", "100", "key", "10");
        var replica = CreateTestProbe();
        replica.Send(master.Master, new ReplConf("probe", "127.0.0.1", 7000, [], ""));
        replica.ExpectMsg<ReplConfOk>();
        replica.Send(master.Master, Psync.Full("probe"));
        var full = replica.ExpectMsg<FullResync>(Long);
        replica.Send(replica.LastSender, new Credit(1_000_000));
        var target = new KeyspaceEngine(new KeyspaceSettings { Databases = 4, IsReplica = true }, new ManualClock());
        var loader = new SnapshotLoader(target);
        while (true)
        {
            var m = replica.ExpectMsg<object>(Long);
            if (m is SnapshotChunk c)
            {
                loader.Feed(c.Bytes);
                continue;
            }

            Assert.IsType<SnapshotEnd>(m);
            break;
        }

        var header = loader.Complete();
        Assert.Equal(full.ReplId, header.ReplId);
        Assert.Equal(full.Offset, header.Offset);
        Assert.Equal(master.Digest(), target.ComputeDigest());
    }

    [Fact]
    public void Replicas_arriving_in_the_diskless_delay_share_one_snapshot()
    {
        var master = Node("m", Fast with { DisklessSyncDelay = TimeSpan.FromSeconds(5) });
        master.Run("DEBUG", "POPULATE", "500", "key", "10");
        var scheduled = Events<ReplicationEvents.FullResyncScheduled>();
        var points = Events<ReplicationEvents.SnapshotPointTaken>();
        var r1 = Node("r1");
        var r2 = Node("r2");
        r1.Follow(Link(master), port: 6381);
        r2.Follow(Link(master), port: 6382);
        scheduled.ExpectMsg<ReplicationEvents.FullResyncScheduled>(Long);
        scheduled.ExpectMsg<ReplicationEvents.FullResyncScheduled>(Long);
        points.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Scheduler.Advance(TimeSpan.FromSeconds(5));
        var point = points.ExpectMsg<ReplicationEvents.SnapshotPointTaken>(Long);
        Assert.Equal(2, point.Replicas);
        AwaitInSync(master, r1);
        AwaitInSync(master, r2);
        points.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Stats(master).Is(full: 2, partialOk: 0, partialErr: 0);
    }

    [Fact]
    public void A_corrupt_snapshot_leaves_the_replica_data_untouched_and_the_next_sync_succeeds()
    {
        var master = Node("m");
        master.Run("DEBUG", "POPULATE", "400", "key", "10");
        var replica = Node("r");
        replica.Run("SET", "mine", "old data");
        var before = replica.Digest();
        var failures = Events<ReplicationEvents.SnapshotLoadFailed>();
        var down = Events<ReplicationEvents.MasterLinkDown>();
        var link = Link(master);
        Control(link, new LinkRelay.CorruptChunk(3));
        replica.Follow(link);

        var failure = failures.ExpectMsg<ReplicationEvents.SnapshotLoadFailed>(Long);
        Assert.Contains("snapshot", failure.Error);
        down.ExpectMsg<ReplicationEvents.MasterLinkDown>(Long);
        Assert.Equal(before, replica.Digest());
        Assert.False(replica.LinkInfo().LinkUp);

        Scheduler.Advance(TimeSpan.FromSeconds(1)); // reconnect backoff
        AwaitInSync(master, replica);
        Assert.Equal(":0\r\n", replica.Run("EXISTS", "mine"));
    }

    /// <summary>
    /// A replica that stops following while its full sync waits for the diskless delay (PSYNC sent, no +FULLRESYNC yet)
    /// tells the master, which closes the session at once instead of holding it until repl-timeout.
    /// </summary>
    [Fact]
    public void A_replica_that_leaves_during_the_diskless_delay_has_its_waiting_session_closed()
    {
        var master = Node("m", Fast with { DisklessSyncDelay = TimeSpan.FromSeconds(5) });
        var replica = Node("r");
        var dropped = Events<ReplicationEvents.ReplicaDropped>();
        var scheduled = Events<ReplicationEvents.FullResyncScheduled>();
        replica.Follow(master.Master);
        scheduled.ExpectMsg<ReplicationEvents.FullResyncScheduled>(Long);
        AwaitCondition(() => master.Info().Replicas.Count == 1, Long);

        replica.StopFollowing();

        Assert.Equal(ReplicaDropReason.ReplicaGone, dropped.ExpectMsg<ReplicationEvents.ReplicaDropped>(Long).Reason);
        AwaitCondition(() => master.Info().Replicas.Count == 0, Long);
    }
}
