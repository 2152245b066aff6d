using ActorReplication.Replication.Master;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Specs;

public class PartialResyncSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    [Fact]
    public void After_a_link_drop_the_replica_resyncs_partially_from_the_backlog()
    {
        var master = Node("m");
        master.RunBatch(Writes("a", 100));
        var replica = Node("r");
        var link = Attach(master, replica);
        var partial = Events<ReplicationEvents.PartialResyncAccepted>();
        var full = Events<ReplicationEvents.FullResyncScheduled>();

        CutAndAwaitDown(link);
        master.RunBatch(Writes("b", 50));
        master.Run("DEL", "a:1");
        Scheduler.Advance(TimeSpan.FromSeconds(1));

        var accepted = partial.ExpectMsg<ReplicationEvents.PartialResyncAccepted>(Long);
        Assert.Equal("r", accepted.ReplicaId);
        AwaitInSync(master, replica);
        full.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Stats(master).Is(full: 1, partialOk: 1, partialErr: 0);
    }

    [Fact]
    public void A_psync_with_an_unknown_replid_gets_a_full_resync_with_the_reason()
    {
        var master = Node("m");
        var scheduled = Events<ReplicationEvents.FullResyncScheduled>();
        var replica = CreateTestProbe();
        replica.Send(master.Master, new ReplConf("probe", "127.0.0.1", 7000, [], ""));
        replica.ExpectMsg<ReplConfOk>();
        replica.Send(master.Master, new Psync("0123456789012345678901234567890123456789", 5, "probe"));
        var full = replica.ExpectMsg<FullResync>(Long);
        var e = scheduled.ExpectMsg<ReplicationEvents.FullResyncScheduled>();
        Assert.Equal(FullSyncReason.ReplIdMismatch, e.Reason);
        Assert.Equal(5, e.RequestedOffset);
        Assert.Equal(full.ReplId, master.Info().MasterReplId);
        Stats(master).Is(full: 1, partialOk: 0, partialErr: 1);
    }

    [Fact]
    public void When_the_backlog_no_longer_covers_the_replica_it_resyncs_fully_for_lack_of_backlog()
    {
        var master = Node("m", Fast with { BacklogSize = 64 });
        var replica = Node("r", Fast with { BacklogSize = 64 });
        var link = Attach(master, replica);
        var scheduled = Events<ReplicationEvents.FullResyncScheduled>();
        CutAndAwaitDown(link);
        master.RunBatch(Writes("overflow", 20, 16));
        Scheduler.Advance(TimeSpan.FromSeconds(1));

        var e = scheduled.ExpectMsg<ReplicationEvents.FullResyncScheduled>(Long);
        Assert.Equal(FullSyncReason.BacklogMiss, e.Reason);
        AwaitInSync(master, replica);
        Stats(master).Is(full: 2, partialOk: 0, partialErr: 1);
    }

    [Fact]
    public void A_silent_link_times_out_on_both_sides_after_repl_timeout()
    {
        var master = Node("m");
        var replica = Node("r");
        var link = Attach(master, replica);
        var down = Events<ReplicationEvents.MasterLinkDown>();
        var dropped = Events<ReplicationEvents.ReplicaDropped>();
        Control(link, new LinkRelay.Blackhole(true));

        Scheduler.Advance(TimeSpan.FromSeconds(59));
        down.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("timeout", down.ExpectMsg<ReplicationEvents.MasterLinkDown>(Long).Reason);
        Assert.Equal(ReplicaDropReason.Timeout, dropped.ExpectMsg<ReplicationEvents.ReplicaDropped>(Long).Reason);
        AwaitAssert(() => Assert.False(replica.LinkInfo().LinkUp), Long);
        AwaitAssert(() => Assert.Empty(master.Info().Replicas), Long);
    }

    [Fact]
    public void Output_buffer_overflow_drops_the_replica_which_then_resyncs_partially()
    {
        var settings = Fast with { OutputBufferHardLimit = 300, OutputBufferSoftLimit = 0 };
        var master = Node("m", settings);
        var replica = Node("r", settings);
        var link = Attach(master, replica);
        var dropped = Events<ReplicationEvents.ReplicaDropped>();
        var partial = Events<ReplicationEvents.PartialResyncAccepted>();
        var down = Events<ReplicationEvents.MasterLinkDown>();
        Control(link, new LinkRelay.DropAcks(true));

        master.Run("SET", "big1", new string('x', 200));
        dropped.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        master.Run("SET", "big2", new string('y', 200));
        Assert.Equal(ReplicaDropReason.OutputBufferHardLimit, dropped.ExpectMsg<ReplicationEvents.ReplicaDropped>(Long).Reason);
        down.ExpectMsg<ReplicationEvents.MasterLinkDown>(Long);

        Control(link, new LinkRelay.DropAcks(false));
        master.Run("SET", "after", "drop");
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        partial.ExpectMsg<ReplicationEvents.PartialResyncAccepted>(Long);
        AwaitInSync(master, replica);
        Stats(master).Is(full: 1, partialOk: 1, partialErr: 0);
    }

    [Fact]
    public void A_master_without_replicas_frees_its_backlog_after_the_ttl_and_changes_replid()
    {
        var master = Node("m", Fast with { BacklogTtl = TimeSpan.FromSeconds(30) });
        var replica = Node("r");
        Attach(master, replica);
        var before = master.Info();
        Assert.True(before.BacklogActive);
        replica.StopFollowing();
        AwaitAssert(() => Assert.Empty(master.Info().Replicas), Long);

        Scheduler.Advance(TimeSpan.FromSeconds(29));
        Assert.True(master.Info().BacklogActive);
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        AwaitAssert(() =>
        {
            var after = master.Info();
            Assert.False(after.BacklogActive);
            Assert.NotEqual(before.MasterReplId, after.MasterReplId);
            Assert.Equal(before.MasterReplOffset, after.MasterReplOffset);
        }, Long);
    }

    [Fact]
    public void Wait_returns_once_replicas_acknowledged_the_writes_before_it()
    {
        var master = Node("m");
        var replica = Node("r");
        Attach(master, replica);
        master.RunBatch(Writes("w", 10));
        var client = CreateTestProbe();
        master.Keyspace.Tell(new Cache.Actors.KeyspaceReplication.Relay(new MasterProtocol.WaitForReplicas(1, TimeSpan.Zero, client.Ref)), null);
        Assert.Equal(1, client.ExpectMsg<MasterProtocol.WaitResult>(Long).Replicas);

        master.Keyspace.Tell(new Cache.Actors.KeyspaceReplication.Relay(new MasterProtocol.WaitForReplicas(2, TimeSpan.FromSeconds(1), client.Ref)), null);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, client.ExpectMsg<MasterProtocol.WaitResult>(Long).Replicas);
    }

    [Fact]
    public void A_replica_refuses_client_writes_and_reports_itself_in_info()
    {
        var master = Node("m");
        var replica = Node("r");
        Attach(master, replica, port: 6390);
        Assert.StartsWith("-READONLY", replica.Run("SET", "x", "1"));
        var info = new Info.ReplicationInfo(master.Info(), null).RenderInfoReplication();
        Assert.Contains("role:master\r\n", info);
        Assert.Contains("connected_slaves:1\r\n", info);
        Assert.Matches(@"slave0:ip=127\.0\.0\.1,port=6390,state=online,offset=\d+,lag=\d+\r\n", info);
        Assert.Contains("repl_backlog_active:1\r\n", info);
        var r = new Info.ReplicationInfo(replica.Info(), replica.LinkInfo()).RenderInfoReplication();
        Assert.Contains("role:slave\r\n", r);
        Assert.Contains("master_link_status:up\r\n", r);
        Assert.Contains("master_sync_in_progress:0\r\n", r);
        Assert.Contains($"slave_repl_offset:{master.Info().MasterReplOffset}\r\n", r);
        Assert.Contains($"master_replid:{master.Info().MasterReplId}\r\n", r);
    }
}
