using Akka.Actor;
using Akka.TestKit;
using ActorReplication.Replication.Master;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Harness;

/// <summary>Actor specs on virtual time: nodes, links and event probes.</summary>
public abstract class ReplicationSpecBase(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Harness.SpecConfig.VirtualTime, "repl", output)
{
    protected static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    /// <summary>Akka's virtual-time scheduler: time moves only when a spec advances it.</summary>
    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>
    /// Small chunks, one-chunk credit, no diskless delay: many round trips, deterministic. Reconnection after a lost
    /// online link waits a second of virtual time, so a spec decides what happens while the link is down.
    /// </summary>
    protected static ReplicationSettings Fast => ReplicationSettings.Default with
    {
        ReconnectDelay = TimeSpan.FromSeconds(1),
        DisklessSyncDelay = TimeSpan.Zero,
        SnapshotChunkSize = 256,
        SnapshotCreditWindow = 1,
    };

    internal TestNode Node(string name, ReplicationSettings? settings = null) => new(Sys, name, settings ?? Fast);

    internal IActorRef Link(TestNode master) => Sys.ActorOf(LinkRelay.Props(master.Master));

    internal static void Control(IActorRef link, object message) =>
        link.Ask<LinkRelay.Done>(message, TimeSpan.FromSeconds(5)).Wait(TimeSpan.FromSeconds(5));

    /// <summary>Cuts the link and waits until the replica has noticed (its reconnect is then scheduled on virtual time).</summary>
    internal void CutAndAwaitDown(IActorRef link)
    {
        var down = Events<ReplicationEvents.MasterLinkDown>();
        Control(link, LinkRelay.Cut.Instance);
        down.ExpectMsg<ReplicationEvents.MasterLinkDown>(Long);
    }

    internal static object[] Delivered(IActorRef link) =>
        link.Ask<object[]>(LinkRelay.GetDelivered.Instance, TimeSpan.FromSeconds(5)).Result;

    protected TestProbe Events<T>()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(T));
        return probe;
    }

    /// <summary>Waits until the replica holds the master's data at the master's offset.</summary>
    internal void AwaitInSync(TestNode master, TestNode replica) =>
        AwaitAssert(() =>
        {
            var m = master.Info();
            var r = replica.Info();
            Assert.Equal(m.MasterReplId, r.MasterReplId);
            Assert.Equal(m.MasterReplOffset, r.MasterReplOffset);
            Assert.Equal(master.Digest(), replica.Digest());
        }, Long, TimeSpan.FromMilliseconds(20));

    /// <summary>Follows through a fresh link and waits until online and equal.</summary>
    internal IActorRef Attach(TestNode master, TestNode replica, int port = 6380)
    {
        var link = Link(master);
        replica.Follow(link, port: port);
        AwaitInSync(master, replica);
        return link;
    }

    internal static string[][] Writes(string prefix, int count, int valueBytes = 8) =>
        Enumerable.Range(0, count).Select(i => new[] { "SET", $"{prefix}:{i}", new string('v', valueBytes) }).ToArray();

    internal static MasterReplicationInfoAssert Stats(TestNode node) => new(node.Info());

    internal sealed record MasterReplicationInfoAssert(Info.MasterReplicationInfo Info)
    {
        public void Is(long full, long partialOk, long partialErr)
        {
            Assert.Equal(full, Info.SyncFull);
            Assert.Equal(partialOk, Info.SyncPartialOk);
            Assert.Equal(partialErr, Info.SyncPartialErr);
        }
    }

    protected static FullSyncReason Reason(ReplicationEvents.FullResyncScheduled e) => e.Reason;
}
