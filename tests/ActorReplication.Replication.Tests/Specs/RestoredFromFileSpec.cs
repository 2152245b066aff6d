using ActorReplication.Replication.Master;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Specs;

/// <summary>The master actor of a node started from its snapshot file (MasterProtocol.RestoredFromFile).</summary>
public class RestoredFromFileSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    private const string FileReplId = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void A_node_that_will_follow_a_master_takes_the_files_replid_and_offset_as_its_history()
    {
        var node = Node("r");
        node.Master.Tell(new MasterProtocol.RestoredFromFile(FileReplId, 1234, AsReplica: true), TestActor);
        var info = node.Info();
        Assert.Equal(FileReplId, info.MasterReplId);
        Assert.Equal(1234, info.MasterReplOffset);
        Assert.Equal(-1, info.SecondReplOffset);
    }

    [Fact]
    public void A_node_that_starts_as_a_master_continues_under_a_new_replid_with_the_files_as_replid2()
    {
        var node = Node("m");
        node.Master.Tell(new MasterProtocol.RestoredFromFile(FileReplId, 1234, AsReplica: false), TestActor);
        var info = node.Info();
        Assert.NotEqual(FileReplId, info.MasterReplId);
        Assert.Equal(FileReplId, info.MasterReplId2);
        Assert.Equal(1234, info.MasterReplOffset);
        Assert.Equal(1235, info.SecondReplOffset);
    }
}
