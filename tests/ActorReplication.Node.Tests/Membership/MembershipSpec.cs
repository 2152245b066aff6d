using ActorReplication.Node.Membership;
using Akka.Actor;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Tests.Membership;

/// <summary>
/// What the replication topology relies on from Akka.Cluster under our settings (issue #10 items 1, 6, 7): members
/// come Up and know each other's RESP endpoint, keep-majority downs the minority side of a partition (and only it),
/// and a downed member returns under a new incarnation by starting a new ActorSystem, with no process restart.
/// </summary>
public sealed class MembershipSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);

    [Fact]
    public void Members_come_up_and_each_knows_every_members_resp_endpoint_from_its_roles()
    {
        using var cluster = new ClusterHarness(3);
        AwaitAllUp(cluster, 3);

        var endpoints = cluster.UpMembers(2).SelectMany(m => m.Roles).Where(r => r.StartsWith("resp:", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["resp:127.0.0.1:6379", "resp:127.0.0.1:6380", "resp:127.0.0.1:6381"], endpoints);
    }

    [Fact]
    public async Task Keep_majority_downs_the_minority_side_of_a_partition_and_the_majority_goes_on()
    {
        using var cluster = new ClusterHarness(3);
        AwaitAllUp(cluster, 3);
        var isolated = cluster.AddressOf(2);

        cluster.Partition([2]);

        AwaitAssert(() =>
        {
            foreach (var survivor in new[] { 0, 1 })
            {
                Assert.Equal(2, cluster.UpMembers(survivor).Count);
                Assert.DoesNotContain(AkkaCluster.Get(cluster[survivor]).State.Members, m => m.Address == isolated);
            }
        }, Formation, TimeSpan.FromMilliseconds(200));
        // The minority downs itself: its cluster shuts down and so does its ActorSystem (run-coordinated-shutdown-when-down).
        await cluster[2].WhenTerminated.WaitAsync(Formation); // throws when the isolated member kept running
    }

    [Fact]
    public async Task A_downed_member_rejoins_under_a_new_incarnation_on_a_new_actor_system()
    {
        using var cluster = new ClusterHarness(3);
        AwaitAllUp(cluster, 3);
        var before = AkkaCluster.Get(cluster[2]).SelfUniqueAddress;
        cluster.Partition([2]);
        await cluster[2].WhenTerminated.WaitAsync(Formation); // throws when the isolated member was not downed
        cluster.Partition([0, 1], heal: true);

        cluster.Stop(2, Formation);
        cluster.Start(2);

        AwaitAllUp(cluster, 3);
        var after = AkkaCluster.Get(cluster[2]).SelfUniqueAddress;
        Assert.Equal(before.Address, after.Address);
        Assert.NotEqual(before.Uid, after.Uid);
    }

    private void AwaitAllUp(ClusterHarness cluster, int members) =>
        AwaitAssert(() =>
        {
            for (var i = 0; i < cluster.Count; i++) Assert.Equal(members, cluster.UpMembers(i).Count);
        }, Formation, TimeSpan.FromMilliseconds(200));
}
