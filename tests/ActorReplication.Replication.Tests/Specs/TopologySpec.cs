using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Specs;

public class TopologySpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    [Fact]
    public void A_chained_replica_forwards_the_stream_byte_for_byte_with_the_same_replid_and_offsets()
    {
        var a = Node("a");
        a.RunBatch(Writes("k", 50));
        var b = Node("b");
        var ab = Attach(a, b, port: 6381);
        var c = Node("c");
        var bc = Attach(b, c, port: 6382);
        var start = a.Info().MasterReplOffset;

        a.RunBatch(Writes("x", 20));
        a.Run("HSET", "h", "f", "v");
        a.Run("SELECT", "2");
        a.Run("RPUSH", "l", "1", "2");
        AwaitInSync(a, b);
        AwaitInSync(b, c);
        Assert.Equal(a.Digest(), c.Digest());
        Assert.Equal(a.Info().MasterReplId, c.Info().MasterReplId);
        Assert.Equal(a.Info().MasterReplOffset, c.Info().MasterReplOffset);

        static byte[] After(object[] delivered, long start) =>
            delivered.OfType<StreamData>().Where(d => d.Offset >= start).SelectMany(d => d.Bytes).ToArray();
        AwaitAssert(() =>
        {
            var fromA = After(Delivered(ab), start);
            var fromB = After(Delivered(bc), start);
            Assert.Equal(a.Info().MasterReplOffset - start, fromA.Length);
            Assert.Equal(fromA, fromB);
        }, Long);
    }

    [Fact]
    public void After_a_promotion_a_sibling_pointed_at_the_new_master_resyncs_partially()
    {
        var a = Node("a");
        a.RunBatch(Writes("k", 40));
        var b = Node("b");
        var c = Node("c");
        Attach(a, b, port: 6381);
        Attach(a, c, port: 6382);
        a.RunBatch(Writes("more", 10));
        AwaitInSync(a, b);
        AwaitInSync(a, c);
        var oldReplId = a.Info().MasterReplId;
        var partial = Events<ReplicationEvents.PartialResyncAccepted>();
        var full = Events<ReplicationEvents.FullResyncScheduled>();

        b.Promote();
        AwaitAssert(() =>
        {
            var info = b.Info();
            Assert.Equal(oldReplId, info.MasterReplId2);
            Assert.NotEqual(oldReplId, info.MasterReplId);
            Assert.Equal(info.MasterReplOffset + 1, info.SecondReplOffset);
        }, Long);
        Assert.Equal("+OK\r\n", b.Run("SET", "written-on-b", "1"));

        c.StopFollowing();
        c.Follow(Link(b), port: 6382);
        var accepted = partial.ExpectMsg<ReplicationEvents.PartialResyncAccepted>(Long);
        Assert.Equal(oldReplId, accepted.RequestedReplId);
        AwaitInSync(b, c);
        Assert.Equal(b.Info().MasterReplId, c.Info().MasterReplId);
        Assert.Equal(oldReplId, c.Info().MasterReplId2);
        full.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Stats(b).Is(full: 0, partialOk: 1, partialErr: 0);
    }

    [Fact]
    public void The_old_master_follows_the_promoted_replica_and_resyncs_partially()
    {
        var a = Node("a");
        a.RunBatch(Writes("k", 30));
        var b = Node("b");
        Attach(a, b);
        b.Promote();
        b.Run("SET", "on-b", "1");
        var partial = Events<ReplicationEvents.PartialResyncAccepted>();
        a.Follow(Link(b), port: 6379);
        partial.ExpectMsg<ReplicationEvents.PartialResyncAccepted>(Long);
        AwaitInSync(b, a);
    }
}
