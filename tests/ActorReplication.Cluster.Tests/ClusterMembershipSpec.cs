using ActorReplication.Cluster;
using ActorReplication.TestKit;
using static ActorReplication.Cluster.ClusterEvents;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

/// <summary>3- and 5-node clusters in one actor system, on virtual time, over the in-process transport.</summary>
public sealed class ClusterMembershipSpec() : TestKit.TestKit(TestSchedulerConfig)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private ClusterHarness Harness(string config = "") => new(Sys, Scheduler, config);

    private static Cluster[] Nodes3(ClusterHarness h, int[]? seeds = null) =>
        [h.Start(1, seeds ?? [1, 2, 3]), h.Start(2, seeds ?? [1, 2, 3]), h.Start(3, seeds ?? [1, 2, 3])];

    [Fact]
    public void Three_members_must_join_through_the_seeds_and_converge_with_the_lowest_address_leading()
    {
        var h = Harness();
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "3 members Up and converged");

        foreach (var node in nodes)
        {
            var state = h.Snapshot(node);
            Assert.Equal(Addr(1), state.Leader);
            Assert.Equal([1, 2, 3], state.Members.Select(m => m.Address.Port!.Value - 2550));
            Assert.Empty(state.Unreachable);
        }
        var members = h.State(nodes[2]).Gossip.Members;
        Assert.Equal(3, members.Select(m => m.UpNumber).Distinct().Count());
        Assert.Equal(1, members.Single(m => m.Address.Equals(Addr(1))).UpNumber);
        Assert.Equal("127.0.0.1:6381", members.Single(m => m.Address.Equals(Addr(2))).RespEndpoint);
    }

    [Fact]
    public void Five_members_must_join_through_two_seeds_and_converge()
    {
        var h = Harness();
        var nodes = new[] { h.Start(1, [1, 2]), h.Start(2, [1, 2]), h.Start(3, [1, 2]), h.Start(4, [1, 2]), h.Start(5, [1, 2]) };
        var took = h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "5 members Up and converged");
        Assert.True(took < TimeSpan.FromSeconds(30), $"took {took}");
        Assert.All(nodes, n => Assert.Equal(Addr(1), h.Snapshot(n).Leader));
    }

    [Fact]
    public void Subscriber_must_get_the_current_state_as_events_or_as_a_snapshot_then_changes()
    {
        var h = Harness();
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");

        var events = CreateTestProbe();
        nodes[2].Subscribe(events.Ref, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent), typeof(LeaderChanged));
        Assert.Equal([Addr(1), Addr(2), Addr(3)], new[] { events.ExpectMsg<MemberUp>(), events.ExpectMsg<MemberUp>(), events.ExpectMsg<MemberUp>() }.Select(e => e.Member.Address));
        Assert.Equal(Addr(1), events.ExpectMsg<LeaderChanged>().Leader);

        var snapshot = CreateTestProbe();
        nodes[0].Subscribe(snapshot.Ref, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent));
        Assert.Equal(3, snapshot.ExpectMsg<CurrentClusterState>().Members.Count);

        var late = h.Start(4, [1]);
        h.RunUntil(() => h.AllUpAndConverged([.. nodes, late]), Minute, "4th member Up");
        Assert.Equal(Addr(4), events.ExpectMsg<MemberJoined>().Member.Address);
        Assert.Equal(Addr(4), events.ExpectMsg<MemberUp>().Member.Address);
        Assert.Equal(Addr(4), snapshot.ExpectMsg<MemberJoined>().Member.Address);
        Assert.Equal(Addr(4), snapshot.ExpectMsg<MemberUp>().Member.Address);
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Member_that_stops_heartbeating_must_become_unreachable_then_down_then_removed_and_the_rest_converge()
    {
        var h = Harness("cluster.downing-provider = keep-majority");
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");
        var probe = CreateTestProbe();
        nodes[0].Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));
        probe.ExpectMsg<CurrentClusterState>();

        h.Crash(nodes[2]);
        var detected = h.RunUntil(() => !h.State(nodes[0]).Gossip.Reachability.IsReachable(nodes[2].SelfUniqueAddress), Minute, "3 unreachable");
        Assert.InRange(detected, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)); // phi 8 after 1 s heartbeats and a 3 s acceptable pause
        Assert.Equal(Addr(3), probe.ExpectMsg<UnreachableMember>().Member.Address);

        h.RunUntil(() => h.AllUpAndConverged(nodes[..2]), Minute, "1 and 2 converged without 3");
        Assert.Equal(Addr(3), probe.ExpectMsg<MemberDowned>().Member.Address);
        var removed = probe.ExpectMsg<MemberRemoved>();
        Assert.Equal((Addr(3), MemberStatus.Removed, MemberStatus.Down), (removed.Member.Address, removed.Member.Status, removed.PreviousStatus));
        Assert.True(h.State(nodes[1]).Gossip.IsTombstoned(nodes[2].SelfUniqueAddress));
    }

    [Fact]
    public void Keep_majority_must_wait_for_stable_after_before_downing()
    {
        var h = Harness("cluster.downing-provider = keep-majority\ncluster.split-brain-resolver.stable-after = 20s");
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");
        h.Crash(nodes[2]);
        h.RunUntil(() => !h.State(nodes[0]).Gossip.Reachability.IsReachable(nodes[2].SelfUniqueAddress), Minute, "3 unreachable");
        h.Run(TimeSpan.FromSeconds(15));
        Assert.Equal(MemberStatus.Up, h.State(nodes[0]).Gossip.GetMember(nodes[2].SelfUniqueAddress).Status);
        h.RunUntil(() => !h.State(nodes[0]).Gossip.HasMember(nodes[2].SelfUniqueAddress), TimeSpan.FromSeconds(20), "3 removed");
    }

    [Fact]
    public void Partition_must_heal_without_restart_when_nobody_downs()
    {
        var h = Harness(); // downing-provider = off
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");
        var probe = CreateTestProbe();
        nodes[0].Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IReachabilityEvent));
        probe.ExpectMsg<CurrentClusterState>();

        h.Network.Partition([Addr(1), Addr(2)], [Addr(3)]);
        h.RunUntil(() => !h.State(nodes[0]).Gossip.Reachability.IsReachable(nodes[2].SelfUniqueAddress)
                         && !h.State(nodes[2]).Gossip.Reachability.IsReachable(nodes[0].SelfUniqueAddress), Minute, "both sides see the split");
        Assert.Equal(Addr(3), probe.ExpectMsg<UnreachableMember>().Member.Address);
        h.Run(TimeSpan.FromSeconds(30));
        Assert.All(nodes, n => Assert.Equal(3, h.State(n).Gossip.Members.Count(m => m.Status == MemberStatus.Up)));

        h.Network.Heal();
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "healed and converged");
        Assert.Equal(Addr(3), probe.ExpectMsg<ReachableMember>().Member.Address);
    }

    [Fact]
    public void Three_two_partition_with_keep_majority_must_down_only_the_minority()
    {
        var h = Harness("cluster.downing-provider = keep-majority");
        var nodes = new[] { h.Start(1, [1, 2]), h.Start(2, [1, 2]), h.Start(3, [1, 2]), h.Start(4, [1, 2]), h.Start(5, [1, 2]) };
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "5 converged");
        var minorityEvents = CreateTestProbe();
        nodes[3].Subscribe(minorityEvents.Ref, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterShuttingDown));
        minorityEvents.ExpectMsg<CurrentClusterState>();

        h.Network.Partition([Addr(1), Addr(2), Addr(3)], [Addr(4), Addr(5)]);
        h.RunUntil(() => h.AllUpAndConverged(nodes[..3]) && nodes[3..].All(n => h.State(n).Phase == "ShutDown"),
            TimeSpan.FromMinutes(2), "majority converged alone, minority shut down");

        Assert.All(nodes[3..], n => Assert.Equal(MemberStatus.Down, h.State(n).SelfMember?.Status));
        Assert.All(nodes[..3], n => Assert.Equal(3, h.State(n).Gossip.Members.Count));
        minorityEvents.ExpectMsg<ClusterShuttingDown>();
    }

    [Fact]
    public void Restarted_member_with_a_new_uid_must_replace_its_old_incarnation()
    {
        var h = Harness();
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");

        h.Crash(nodes[2]);
        var restarted = h.Start(3, [1, 2, 3], uid: 33);
        var survivors = new[] { nodes[0], nodes[1], restarted };
        h.RunUntil(() => h.AllUpAndConverged(survivors), Minute, "new incarnation Up in place of the old one");

        var gossip = h.State(nodes[0]).Gossip;
        Assert.True(gossip.IsTombstoned(nodes[2].SelfUniqueAddress));
        Assert.Equal(33, gossip.MemberAt(Addr(3))!.UniqueAddress.Uid);
    }

    [Fact]
    public void Seeds_must_wait_for_the_first_seed_that_starts_late_and_then_join_it()
    {
        var h = Harness();
        var second = h.Start(2, [1, 2, 3]);
        var third = h.Start(3, [1, 2, 3]);
        h.Run(TimeSpan.FromSeconds(20));
        Assert.All(new[] { second, third }, n => Assert.Equal("Uninitialized", h.State(n).Phase));

        var first = h.Start(1, [1, 2, 3]);
        h.RunUntil(() => h.AllUpAndConverged([first, second, third]), Minute, "cluster formed by the late first seed");
    }

    [Fact]
    public void Other_seed_that_starts_late_must_be_joined_once_it_appears()
    {
        var h = Harness();
        var first = h.Start(1, [1, 2]);
        var joiner = h.Start(3, [1, 2]);
        h.RunUntil(() => h.AllUpAndConverged([first, joiner]), Minute, "1 and 3 form the cluster");
        var second = h.Start(2, [1, 2]);
        h.RunUntil(() => h.AllUpAndConverged([first, second, joiner]), Minute, "late seed 2 joined");
    }

    [Fact]
    public void Member_that_leaves_must_go_through_exiting_to_removed_and_stop()
    {
        var h = Harness();
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");
        var probe = CreateTestProbe();
        nodes[0].Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent));
        probe.ExpectMsg<CurrentClusterState>();

        nodes[1].Leave(Addr(2));
        h.RunUntil(() => h.AllUpAndConverged([nodes[0], nodes[2]]) && h.State(nodes[1]).Phase == "ShutDown", Minute, "2 left");
        Assert.Equal(Addr(2), probe.ExpectMsg<MemberLeft>().Member.Address);
        Assert.Equal(Addr(2), probe.ExpectMsg<MemberExited>().Member.Address);
        Assert.Equal(MemberStatus.Exiting, probe.ExpectMsg<MemberRemoved>().PreviousStatus);
    }

    [Fact]
    public void Operator_down_of_a_crashed_member_must_remove_it_when_no_downing_provider_is_set()
    {
        var h = Harness();
        var nodes = Nodes3(h);
        h.RunUntil(() => h.AllUpAndConverged(nodes), Minute, "converged");
        h.Crash(nodes[2]);
        h.RunUntil(() => !h.State(nodes[0]).Gossip.Reachability.IsReachable(nodes[2].SelfUniqueAddress), Minute, "3 unreachable");
        h.Run(TimeSpan.FromSeconds(30));
        Assert.True(h.State(nodes[0]).Gossip.HasMember(nodes[2].SelfUniqueAddress)); // nobody downs it

        nodes[1].Down(Addr(3));
        h.RunUntil(() => h.AllUpAndConverged(nodes[..2]), Minute, "3 removed after the operator's down");
    }

    [Fact]
    public void Leader_must_wait_for_min_nr_of_members_before_moving_anyone_up()
    {
        var h = Harness("cluster.min-nr-of-members = 3");
        var first = h.Start(1, [1]);
        var second = h.Start(2, [1]);
        h.Run(TimeSpan.FromSeconds(20));
        Assert.All(h.State(first).Gossip.Members, m => Assert.Equal(MemberStatus.Joining, m.Status));
        var third = h.Start(3, [1]);
        h.RunUntil(() => h.AllUpAndConverged([first, second, third]), Minute, "all Up once 3 are known");
    }

    [Fact]
    public void Joining_without_seeds_must_work_through_an_explicit_contact()
    {
        var h = Harness();
        var first = h.Start(1);
        var second = h.Start(2);
        first.Join(Addr(1));
        second.Join(Addr(1));
        h.RunUntil(() => h.AllUpAndConverged([first, second]), Minute, "joined by hand");
    }
}
