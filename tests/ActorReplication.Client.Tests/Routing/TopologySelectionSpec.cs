using ActorReplication.Client.Topology;

namespace ActorReplication.Client.Tests.Routing;

public class TopologySelectionSpec
{
    private static NodeStatus Master(string name, string replId = "r1", string replId2 = "") =>
        new($"akka.tcp://node@127.0.0.1:{name}", $"127.0.0.1:{name}", false, 100, replId, replId2, null, false);

    private static NodeStatus Replica(string name, string master, bool linkUp = true) =>
        new($"akka.tcp://node@127.0.0.1:{name}", $"127.0.0.1:{name}", true, 100, "r1", "", $"127.0.0.1:{master}", linkUp);

    [Fact]
    public void Topology_must_choose_the_only_master_and_the_replicas_that_follow_it_with_their_link_up()
    {
        var topology = TopologySelection.Choose([Replica("2", "1"), Master("1"), Replica("3", "1", linkUp: false), Replica("4", "9")]);

        Assert.Equal("127.0.0.1:1", topology.Master?.RespEndpoint);
        Assert.Equal(["127.0.0.1:2"], topology.Replicas.Select(r => r.RespEndpoint));
        Assert.Equal(4, topology.Nodes.Count);
    }

    [Fact]
    public void Topology_must_have_no_master_when_every_node_is_a_replica()
    {
        var topology = TopologySelection.Choose([Replica("2", "1"), Replica("3", "1")]);

        Assert.Null(topology.Master);
        Assert.Equal(2, topology.Replicas.Count);
    }

    [Fact]
    public void Topology_must_prefer_the_master_promoted_from_the_others_history()
    {
        // 2 was promoted from 1's history (its replid2 is 1's replid) while 1 still believes it is master with a replica.
        var topology = TopologySelection.Choose([Master("1", "old"), Master("2", "new", replId2: "old"), Replica("3", "1")]);

        Assert.Equal("127.0.0.1:2", topology.Master?.RespEndpoint);
        Assert.Empty(topology.Replicas);
    }

    [Fact]
    public void Topology_must_prefer_the_master_most_replicas_follow_when_histories_do_not_decide()
    {
        var topology = TopologySelection.Choose([Master("1", "a"), Master("2", "b"), Replica("3", "2"), Replica("4", "2")]);

        Assert.Equal("127.0.0.1:2", topology.Master?.RespEndpoint);
        Assert.Equal(2, topology.Replicas.Count);
    }

    [Fact]
    public void Topology_must_break_a_full_tie_by_the_lowest_address_in_every_order()
    {
        var a = TopologySelection.Choose([Master("2", "b"), Master("1", "a")]);
        var b = TopologySelection.Choose([Master("1", "a"), Master("2", "b")]);

        Assert.Equal("127.0.0.1:1", a.Master?.RespEndpoint);
        Assert.Equal(a.Master, b.Master);
    }

    [Fact]
    public void Topology_must_never_choose_a_fenced_master()
    {
        var fenced = Master("1") with { Fenced = true };

        Assert.Null(TopologySelection.Choose([fenced, Replica("2", "1")]).Master);
        Assert.Equal("127.0.0.1:3", TopologySelection.Choose([fenced, Master("3", "b")]).Master?.RespEndpoint);
    }

    [Fact]
    public void Topology_must_prefer_the_master_of_the_higher_epoch()
    {
        var topology = TopologySelection.Choose([Master("1", "a") with { Epoch = 2 }, Master("2", "b", replId2: "a") with { Epoch = 1 }, Replica("3", "2")]);

        Assert.Equal("127.0.0.1:1", topology.Master?.RespEndpoint);
    }

    [Fact]
    public void Topology_of_nothing_must_be_empty()
    {
        var topology = TopologySelection.Choose([]);

        Assert.Null(topology.Master);
        Assert.Empty(topology.Replicas);
    }
}
