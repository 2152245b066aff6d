using ActorReplication.Replication.Tests.Harness;
using ActorReplication.Replication.Topology;
using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit;
using Xunit.Abstractions;
using static ActorReplication.Replication.Topology.ClusterEvents;

namespace ActorReplication.Replication.Tests.Topology;

/// <summary>
/// <see cref="ClusterMembershipFeed"/> on a real Akka.Cluster of in-process members: what the topology actor is told
/// (whole states with ages, leader and RESP endpoints; downed and removed incarnations; the end of this node's
/// membership) as the cluster forms, loses a member and sees one become unreachable. Real time, bounded waits.
/// </summary>
public sealed class ClusterMembershipFeedSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(SpecConfig.RealTime, "feed", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_single_member_is_told_the_empty_cluster_then_itself_up_as_oldest_and_leader()
    {
        using var cluster = Start(1);
        var target = CreateTestProbe();
        cluster[0].ActorOf(ClusterMembershipFeed.Props(target.Ref), "feed");

        var initial = target.ExpectMsg<CurrentClusterState>(Patience);
        Assert.Empty(initial.Members);
        Assert.Null(initial.Leader);

        cluster.JoinAll();
        var up = target.FishForMessage<CurrentClusterState>(s => s.Members.Any(m => m.Status == MemberStatus.Up) && s.Leader is not null, Patience);
        var self = Assert.Single(up.Members);
        Assert.Equal(new ClusterMember(InProcessCluster.ClusterOf(cluster[0]).SelfUniqueAddress, MemberStatus.Up, 1, Resp(0)), self);
        Assert.Equal(cluster.AddressOf(0), up.Leader);
        Assert.Empty(up.Unreachable);
    }

    [Fact]
    public void Every_member_agrees_on_the_ages_ranked_by_when_members_came_up_and_on_the_leader()
    {
        using var cluster = Start(3);
        var targets = cluster.Systems.Select(_ => CreateTestProbe()).ToArray();
        for (var i = 0; i < 3; i++) cluster[i].ActorOf(ClusterMembershipFeed.Props(targets[i].Ref), "feed");
        // One at a time, so the ages are known: the first member up is the oldest.
        for (var i = 0; i < 3; i++)
        {
            InProcessCluster.ClusterOf(cluster[i]).Join(cluster.AddressOf(0));
            var joined = cluster.AddressOf(i);
            // Asked of Akka itself, so the feeds' messages stay queued for the checks below.
            AwaitAssert(() => Assert.Contains(InProcessCluster.ClusterOf(cluster[0]).State.Members, m => m.Address == joined && m.Status == MemberStatus.Up),
                Patience);
        }

        var expected = Enumerable.Range(0, 3)
            .Select(i => new ClusterMember(InProcessCluster.ClusterOf(cluster[i]).SelfUniqueAddress, MemberStatus.Up, i + 1, Resp(i)))
            .ToList();
        // Akka's leader is the lowest address among the Up members, whatever their ages.
        var leader = expected.Select(m => m.Address).OrderBy(a => a, Member.AddressOrdering).First();
        foreach (var target in targets)
        {
            // LeaderChanged may follow the last MemberUp: the state that has both.
            var state = target.FishForMessage<CurrentClusterState>(s => s.Members.Count(m => m.Status == MemberStatus.Up) == 3 && leader.Equals(s.Leader), Patience);
            Assert.Equal(expected, state.Members.OrderBy(m => m, ClusterMember.AgeOrdering));
        }
    }

    [Fact]
    public void A_downed_member_is_reported_downed_then_removed_and_its_own_feed_says_its_membership_ended()
    {
        using var cluster = Start(3);
        var survivor = CreateTestProbe();
        var victim = CreateTestProbe();
        cluster[0].ActorOf(ClusterMembershipFeed.Props(survivor.Ref), "feed");
        cluster[2].ActorOf(ClusterMembershipFeed.Props(victim.Ref), "feed");
        cluster.JoinAll();
        AwaitAllUp(survivor, 3);
        AwaitAllUp(victim, 3);
        var downed = InProcessCluster.ClusterOf(cluster[2]).SelfUniqueAddress;

        InProcessCluster.ClusterOf(cluster[0]).Down(downed.Address);

        var down = survivor.FishForMessage<MemberDowned>(_ => true, Patience);
        Assert.Equal((downed, MemberStatus.Down, Resp(2)), (down.Member.UniqueAddress, down.Member.Status, down.Member.RespEndpoint));
        var removed = survivor.FishForMessage<MemberRemoved>(_ => true, Patience);
        Assert.Equal((downed, MemberStatus.Removed, MemberStatus.Down), (removed.Member.UniqueAddress, removed.Member.Status, removed.PreviousStatus));
        var after = survivor.FishForMessage<CurrentClusterState>(s => s.Members.All(m => m.UniqueAddress != downed), Patience);
        Assert.Equal(2, after.Members.Count);
        victim.FishForMessage<ClusterShuttingDown>(_ => true, Patience);
    }

    [Fact]
    public void A_member_cut_off_is_listed_unreachable_by_the_others()
    {
        // No downing here: the cut member stays a member, only unreachable.
        using var cluster = Start(3, i => Akka.Configuration.ConfigurationFactory.ParseString("akka.cluster.downing-provider-class = \"\""));
        var watcher = CreateTestProbe();
        cluster[0].ActorOf(ClusterMembershipFeed.Props(watcher.Ref), "feed");
        cluster.JoinAll();
        AwaitAllUp(watcher, 3);
        var cut = InProcessCluster.ClusterOf(cluster[2]).SelfUniqueAddress;

        cluster.Isolate(2);

        var state = watcher.FishForMessage<CurrentClusterState>(s => s.Unreachable.Any(m => m.UniqueAddress == cut), Patience);
        var unreachable = Assert.Single(state.Unreachable);
        Assert.Equal((MemberStatus.Up, Resp(2)), (unreachable.Status, unreachable.RespEndpoint));
        Assert.Contains(state.Members, m => m.UniqueAddress == cut && m.Status == MemberStatus.Up);
    }

    private static string Resp(int i) => $"127.0.0.1:{6380 + i}";

    private InProcessCluster Start(int count, Func<int, Akka.Configuration.Config>? customize = null)
    {
        var cluster = new InProcessCluster(count, i =>
        {
            var own = InProcessCluster.RespRole(Resp(i));
            return customize is null ? own : own.WithFallback(customize(i));
        });
        foreach (var system in cluster.Systems) InitializeLogger(system);
        return cluster;
    }

    private static void AwaitAllUp(TestProbe target, int count) =>
        target.FishForMessage<CurrentClusterState>(s => s.Members.Count(m => m.Status == MemberStatus.Up) == count, Patience);
}
