using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Specs;

/// <summary>Coordinated FAILOVER between managed nodes (keyspace, board, replication manager), on virtual time.</summary>
public class FailoverSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    private readonly ManagedNode.Directory _directory = new();
    private int _nextPort = 7000;

    private ManagedNode Managed(string name, ReplicationSettings? settings = null) => new(Sys, name, _nextPort++, settings ?? Fast, _directory);

    /// <summary>Puts a relay in front of <paramref name="master"/> for the next replica that locates it.</summary>
    private Akka.Actor.IActorRef RelayTo(ManagedNode master)
    {
        var relay = Sys.ActorOf(LinkRelay.Props(master.MasterActor));
        _directory.Route(master, relay);
        return relay;
    }

    private void Follow(ManagedNode replica, ManagedNode master, Akka.Actor.IActorRef? relay = null)
    {
        replica.ReplicaOf(master);
        AwaitInSync(master, replica);
        if (relay is not null) _directory.Route(master, master.MasterActor);
    }

    // Turns run on the thread pool, so whether a link attempt raced a role change (and waits for its reconnect on
    // virtual time) depends on timing: each check moves the clock a little so such a retry happens.
    private void AwaitInSync(ManagedNode master, ManagedNode replica) =>
        AwaitAssert(() =>
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(100));
            var m = master.Info;
            var r = replica.Info;
            Assert.True(r.Replica is { LinkUp: true }, $"{replica.Name}: link up");
            Assert.Equal(m.Master.MasterReplId, r.Master.MasterReplId);
            Assert.Equal(m.Master.MasterReplOffset, r.Master.MasterReplOffset);
            Assert.Equal(master.Digest(), replica.Digest());
        }, Long, TimeSpan.FromMilliseconds(20));

    /// <summary>True when <paramref name="task"/> is still not done after <paramref name="ms"/> ms (a negative check, not a synchronisation).</summary>
    private static bool StillWaiting(Task task, int ms) => !task.Wait(TimeSpan.FromMilliseconds(ms));

    private static string Answer(Task<string> task) => task.WaitAsync(Long).GetAwaiter().GetResult();

    private static void Write(ManagedNode node, string prefix, int count)
    {
        for (var i = 0; i < count; i++) Assert.Equal("+OK\r\n", node.Run("SET", $"{prefix}:{i}", "v"));
    }

    [Fact]
    public void Failover_to_a_synced_replica_promotes_it_the_old_master_follows_it_partially_and_the_sibling_stays_in_sync()
    {
        var a = Managed("a");
        var b = Managed("b");
        var c = Managed("c");
        Write(a, "k", 50);
        Follow(b, a);
        Follow(c, a);
        Write(a, "more", 10);
        AwaitInSync(a, b);
        AwaitInSync(a, c);
        var oldReplId = a.Info.Master.MasterReplId;
        var fullOnA = a.Info.Master.SyncFull;
        var done = Events<ReplicationEvents.FailoverCompleted>();

        Assert.True(a.Failover(b));
        Assert.False(a.Failover(b)); // one at a time
        var completed = done.ExpectMsg<ReplicationEvents.FailoverCompleted>(Long);
        Assert.Equal(("b", b.Port), (completed.Host, completed.Port));

        Assert.Equal(FailoverStates.None, a.Info.FailoverState);
        Assert.Equal("master", b.Info.Role);
        Assert.Equal(b.Endpoint, a.Board.Endpoint);
        AwaitInSync(b, a);
        Assert.Equal(oldReplId, b.Info.Master.MasterReplId2);
        Assert.StartsWith("-READONLY", a.Run("SET", "on-a", "1"));
        Assert.Equal("+OK\r\n", b.Run("SET", "on-b", "1"));
        AwaitInSync(b, a);
        Scheduler.Advance(Fast.ReconnectDelay); // a's new replid dropped c's link: c reconnects and continues
        AwaitInSync(a, c); // c still follows a, now a chained replica of b
        Assert.Equal(b.Digest(), c.Digest());
        // Partial resyncs only: a with b, c with a.
        Assert.Equal((0L, 1L), (b.Info.Master.SyncFull, b.Info.Master.SyncPartialOk));
        Assert.Equal(fullOnA, a.Info.Master.SyncFull);
        AwaitAssert(() => Assert.Equal(1, a.Info.Master.SyncPartialOk), Long);
    }

    [Fact]
    public void Writes_wait_while_the_failover_waits_for_its_target_reads_go_on_and_the_waiting_writes_get_readonly_after_the_switch()
    {
        var a = Managed("a");
        var b = Managed("b");
        Write(a, "k", 20);
        var relay = RelayTo(a);
        Follow(b, a, relay);
        Control(relay, new LinkRelay.DropAcks(true));
        Write(a, "unacked", 1); // b gets it, a never hears b acknowledge it

        var started = Events<ReplicationEvents.FailoverStarted>();
        Assert.True(a.Failover(b));
        Assert.Equal(FailoverStates.WaitingForSync, a.Info.FailoverState);
        started.ExpectMsg<ReplicationEvents.FailoverStarted>(Long);
        var write = a.RunAsync("SET", "during", "1");
        Assert.Equal("$1\r\nv\r\n", a.Run("GET", "k:1")); // reads go on
        Assert.True(StillWaiting(write, 200), "the write waits for the failover");

        Control(relay, new LinkRelay.DropAcks(false));
        AwaitAssert(() =>
        {
            Scheduler.Advance(TimeSpan.FromMilliseconds(100)); // the failover asks for acks every 100 ms
            Assert.True(write.IsCompleted);
        }, Long);
        Assert.StartsWith("-READONLY", Answer(write));
        AwaitAssert(() => Assert.Equal("master", b.Info.Role), Long);
        Assert.Equal(FailoverStates.None, a.Info.FailoverState);
        Assert.Equal("$-1\r\n", b.Run("GET", "during"));
    }

    [Fact]
    public void Without_force_the_failover_aborts_at_its_timeout_and_the_master_takes_the_waiting_writes()
    {
        var a = Managed("a");
        var b = Managed("b");
        var relay = RelayTo(a);
        Follow(b, a, relay);
        Control(relay, new LinkRelay.DropAcks(true));
        Write(a, "unacked", 1); // b gets it, a never hears b acknowledge it
        var aborted = Events<ReplicationEvents.FailoverAborted>();

        var started = Events<ReplicationEvents.FailoverStarted>();
        Assert.True(a.Failover(b, TimeSpan.FromSeconds(2)));
        started.ExpectMsg<ReplicationEvents.FailoverStarted>(Long);
        var write = a.RunAsync("SET", "during", "1");
        Scheduler.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.True(StillWaiting(write, 100), "still waiting before the timeout");
        Scheduler.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("Replica never caught up before timeout", aborted.ExpectMsg<ReplicationEvents.FailoverAborted>(Long).Reason);
        Assert.Equal("+OK\r\n", Answer(write));
        Assert.Equal(FailoverStates.None, a.Info.FailoverState);
        Assert.Equal("master", a.Info.Role);
        Assert.Equal("slave", b.Info.Role);
    }

    [Fact]
    public void With_force_the_failover_hands_over_at_its_timeout_even_without_the_targets_ack()
    {
        var a = Managed("a");
        var b = Managed("b");
        Write(a, "k", 10);
        var relay = RelayTo(a);
        Follow(b, a, relay);
        Control(relay, new LinkRelay.DropAcks(true));
        Write(a, "unacked", 1); // b gets it, a never hears b acknowledge it
        var done = Events<ReplicationEvents.FailoverCompleted>();

        var started = Events<ReplicationEvents.FailoverStarted>();
        Assert.True(a.Failover(b, TimeSpan.FromSeconds(1), force: true));
        started.ExpectMsg<ReplicationEvents.FailoverStarted>(Long);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        done.ExpectMsg<ReplicationEvents.FailoverCompleted>(Long);
        Assert.Equal("master", b.Info.Role);
        AwaitInSync(b, a);
        Assert.Equal(0, b.Info.Master.SyncFull); // b had everything; only its acks were lost
    }

    [Fact]
    public void Failover_abort_resumes_writes_at_once_and_the_master_stays()
    {
        var a = Managed("a");
        var b = Managed("b");
        var relay = RelayTo(a);
        Follow(b, a, relay);
        Control(relay, new LinkRelay.DropAcks(true));
        Write(a, "unacked", 1); // b gets it, a never hears b acknowledge it
        Assert.True(a.Failover(b));
        var write = a.RunAsync("SET", "during", "1");
        Assert.True(StillWaiting(write, 100), "the write waits for the failover");

        Assert.True(ReplicationManager.AbortFailoverNow(a.Keyspace, a.Manager, a.Board));
        Assert.Equal("+OK\r\n", Answer(write));
        Assert.False(ReplicationManager.AbortFailoverNow(a.Keyspace, a.Manager, a.Board)); // nothing in progress
        Control(relay, new LinkRelay.DropAcks(false));
        Scheduler.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("master", a.Info.Role);
        Assert.Equal("slave", b.Info.Role);
        Assert.Equal("+OK\r\n", a.Run("SET", "after", "1"));
        AwaitInSync(a, b);
    }

    [Fact]
    public void Without_a_target_the_caught_up_replica_with_the_lowest_priority_is_chosen()
    {
        var a = Managed("a");
        var b = Managed("b", Fast with { ReplicaPriority = 100 });
        var c = Managed("c", Fast with { ReplicaPriority = 10 });
        Follow(b, a);
        Follow(c, a);
        Write(a, "k", 5);
        AwaitInSync(a, b);
        AwaitInSync(a, c);
        Scheduler.Advance(Fast.AckPeriod); // both acknowledge the final offset
        AwaitAssert(() => Assert.All(a.Info.Master.Replicas, r => Assert.Equal(a.Info.Master.MasterReplOffset, r.Offset)), Long);
        var done = Events<ReplicationEvents.FailoverCompleted>();

        Assert.True(a.Failover());
        Assert.Equal("c", done.ExpectMsg<ReplicationEvents.FailoverCompleted>(Long).Host);
        Assert.Equal("master", c.Info.Role);
        AwaitInSync(c, a);
    }

    [Fact]
    public void A_promotion_request_is_refused_by_a_master_and_by_a_replica_of_another_history()
    {
        var a = Managed("a");
        var b = Managed("b");
        Follow(b, a);
        var probe = CreateTestProbe();
        a.Manager.Tell(new FailoverPromote(a.Info.Master.MasterReplId), probe.Ref);
        Assert.Contains("not a replica", probe.ExpectMsg<FailoverRefused>(Long).Reason);
        b.Manager.Tell(new FailoverPromote("0123456789012345678901234567890123456789"), probe.Ref);
        Assert.Contains("replid must match", probe.ExpectMsg<FailoverRefused>(Long).Reason);
        Assert.Equal("slave", b.Info.Role);
        b.Manager.Tell(new FailoverPromote(a.Info.Master.MasterReplId), probe.Ref);
        probe.ExpectMsg<FailoverPromoted>(Long);
        Assert.Equal("master", b.Info.Role);
    }

    [Fact]
    public void While_writes_are_paused_a_batch_stops_at_its_first_write_reads_go_on_and_expiry_deletes_nothing()
    {
        var node = Node("n");
        node.Run("SET", "short", "1", "PX", "100");
        node.Run("SET", "a", "1");
        node.Keyspace.Tell(new KeyspaceReplication.SetWritesPaused(true), null);
        node.Clock.Advance(1000);
        Scheduler.Advance(TimeSpan.FromMilliseconds(200)); // active expiry ticks: nothing is deleted
        var paused = Task.Run(() => node.RunBatch([["GET", "a"], ["INCR", "a"], ["GET", "a"]]));
        Assert.Equal("$-1\r\n", node.Run("GET", "short")); // expired keys read as missing...
        Assert.True(StillWaiting(paused, 200), "the batch waits at INCR");
        Assert.Equal(":2\r\n", node.Run("DBSIZE")); // ...but stay until the pause ends

        node.Keyspace.Tell(new KeyspaceReplication.SetWritesPaused(false), null);
        Assert.Equal("$1\r\n1\r\n:2\r\n$1\r\n2\r\n", Answer(paused));
        Scheduler.Advance(TimeSpan.FromMilliseconds(200));
        AwaitAssert(() => Assert.Equal(":1\r\n", node.Run("DBSIZE")), Long);
    }
}
