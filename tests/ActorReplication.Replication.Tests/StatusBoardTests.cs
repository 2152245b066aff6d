using ActorReplication.Replication;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Replica;

namespace ActorReplication.Replication.Tests;

/// <summary>What INFO replication reads from the board while a replica's link is down.</summary>
public sealed class StatusBoardTests
{
    [Fact]
    public void A_master_just_demoted_shows_its_own_offset_while_its_new_link_is_down()
    {
        var board = new ReplicationStatusBoard(1 << 20);
        board.PublishMasterOffset(50, 50); // it served 50 bytes of stream as a master
        board.BeginLink(new MasterEndpoint("127.0.0.1", 6380), ReplicationSettings.Default); // FAILOVER or REPLICAOF

        var info = board.Snapshot().RenderInfoReplication();
        Assert.Contains("master_link_status:down\r\n", info, StringComparison.Ordinal);
        // As Redis's cached master (replicationCacheMasterUsingMyself): the history it will PSYNC with, not 0.
        Assert.Contains("slave_read_repl_offset:50\r\n", info, StringComparison.Ordinal);
        Assert.Contains("slave_repl_offset:50\r\n", info, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_whose_link_dropped_shows_what_it_has_applied()
    {
        var board = new ReplicationStatusBoard(1 << 20);
        var generation = board.BeginLink(new MasterEndpoint("127.0.0.1", 6379), ReplicationSettings.Default);
        var up = board.Snapshot().Replica! with { LinkUp = true, LinkState = "connected" };
        board.PublishLink(generation, up);
        board.PublishLinkOffset(generation, 120); // arrived
        board.PublishMasterOffset(100, 100);      // applied
        Assert.Contains("slave_repl_offset:100\r\n", board.Snapshot().RenderInfoReplication(), StringComparison.Ordinal);

        // The slave actor reports the drop with the offset it had handed the keyspace.
        board.PublishLink(generation, up with { LinkUp = false, LinkState = "connect", SlaveReadReplOffset = 120, SlaveReplOffset = 120 });
        var info = board.Snapshot().RenderInfoReplication();
        Assert.Contains("slave_read_repl_offset:120\r\n", info, StringComparison.Ordinal);
        Assert.Contains("slave_repl_offset:100\r\n", info, StringComparison.Ordinal);
    }
}
