using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Specs;

/// <summary>Seed 004: a replica holding data and a master that restarted empty (a new replid at offset 0).</summary>
public class EmptyMasterGuardSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    /// <summary>A replica in sync with a master of <paramref name="keys"/> keys, then following <paramref name="restarted"/> instead.</summary>
    private TestNode ReplicaHoldingData(int keys, TestNode restarted, ReplicationSettings? settings = null)
    {
        var master = Node("m");
        master.Run("DEBUG", "POPULATE", keys.ToString(System.Globalization.CultureInfo.InvariantCulture), "key", "8");
        var replica = Node("r", settings);
        Attach(master, replica);
        replica.StopFollowing();
        replica.Follow(Link(restarted));
        return replica;
    }

    [Fact]
    public void SlaveActor_must_refuse_a_full_sync_that_would_replace_its_keys_with_an_empty_dataset_of_a_new_history()
    {
        var refused = Events<ReplicationEvents.EmptyMasterRefused>();
        var empty = Node("m2");
        var replica = ReplicaHoldingData(500, empty);

        var e = refused.ExpectMsg<ReplicationEvents.EmptyMasterRefused>(Long);
        Assert.Equal((0L, 500L, 0L), (e.OfferedKeys, e.LocalKeys, e.MasterOffset));
        Assert.Equal(":500\r\n", replica.Run("DBSIZE"));
        AwaitAssert(() =>
        {
            var link = replica.LinkInfo();
            Assert.False(link.LinkUp);
            Assert.StartsWith("master restarted empty: refusing to replace 500 keys with its 0", link.SyncRefusedReason, StringComparison.Ordinal);
        }, Long);
    }

    [Fact]
    public void SlaveActor_must_follow_a_master_that_restarted_empty_when_told_to_accept_it()
    {
        var empty = Node("m2");
        var replica = ReplicaHoldingData(500, empty, Fast with { ReplicaAcceptEmptyMaster = true });

        AwaitInSync(empty, replica);
        Assert.Equal(":0\r\n", replica.Run("DBSIZE"));
        Assert.Null(replica.LinkInfo().SyncRefusedReason);
    }

    [Fact]
    public void SlaveActor_must_accept_a_new_history_whose_dataset_is_not_far_smaller()
    {
        var refused = Events<ReplicationEvents.EmptyMasterRefused>();
        var other = Node("m2");
        other.Run("DEBUG", "POPULATE", "100", "other", "8");
        var replica = ReplicaHoldingData(500, other);

        AwaitInSync(other, replica);
        Assert.Equal(":100\r\n", replica.Run("DBSIZE"));
        refused.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Theory]
    [InlineData("a", 100, "b", 0, true)]    // the master started over
    [InlineData("a", 100, "b", 99, true)]
    [InlineData("a", 100, "a", 0, false)]   // our own master's history (a backlog miss)
    [InlineData("a", 100, "b", 100, true)]
    [InlineData("a", 100, "b", 101, false)] // a longer history: another master that went on
    [InlineData(null, 0, "b", 0, false)]    // no history: a first sync
    public void A_new_shorter_history_is_another_replid_not_past_our_offset(string? ours, long offset, string offered, long offeredOffset, bool expected) =>
        Assert.Equal(expected, EmptyMasterGuard.IsNewShorterHistory(ours, offset, offered, offeredOffset));

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(9, 100, true)]
    [InlineData(10, 100, false)]
    [InlineData(0, 0, false)] // nothing to lose
    public void Far_smaller_is_empty_or_under_a_tenth(long offered, long local, bool expected) =>
        Assert.Equal(expected, EmptyMasterGuard.IsFarSmaller(offered, local));
}
