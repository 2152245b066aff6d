using ActorReplication.Replication.Topology;
using static ActorReplication.Replication.Tests.Topology.TopologyFixtures;

namespace ActorReplication.Replication.Tests.Topology;

public sealed class TopologyRulesTests
{
    [Theory]
    [InlineData(2, 1, 100, 100, 2, 1, 0, "higher epoch (2 > 1)")] // epoch beats offset and age
    [InlineData(1, 1, 100, 500, 2, 1, 1, "same epoch 1, larger offset (500 > 100)")] // then offset beats age
    [InlineData(1, 1, 100, 100, 1, 2, 0, "same epoch 1 and offset 100, older member (up #1 < #2)")] // then the older member
    [InlineData(1, 1, 100, 100, 1, 1, 0, "same epoch 1, offset 100 and age, lower address")] // then the lower address
    public void Two_masters_are_resolved_by_epoch_then_offset_then_age_then_address(
        long epochA, long epochB, long offsetA, long offsetB, int upA, int upB, int expectedWinner, string why)
    {
        var a = Candidate(1, upA, TopologyRole.Master, epochA, offsetA);
        var b = Candidate(2, upB, TopologyRole.Master, epochB, offsetB);
        var winner = TopologyRules.WinningMaster([b, a]);
        Assert.Same(expectedWinner == 0 ? a : b, winner);
        Assert.Same(winner, TopologyRules.WinningMaster([a, b]));
        Assert.Equal(why, TopologyRules.WhyWins(winner, winner == a ? b : a));
    }

    [Fact]
    public void The_best_replica_has_the_lowest_priority_above_zero_then_the_largest_offset_then_the_lowest_run_id()
    {
        var never = Candidate(1, 1, TopologyRole.Replica, offset: 999, priority: 0);
        var low = Candidate(2, 2, TopologyRole.Replica, offset: 10, priority: 10);
        var lowAhead = Candidate(3, 3, TopologyRole.Replica, offset: 20, priority: 10);
        var lowAheadB = Candidate(4, 4, TopologyRole.Replica, offset: 20, priority: 10, runId: "a-run");
        var high = Candidate(5, 5, TopologyRole.Replica, offset: 50, priority: 100);
        Assert.Same(lowAheadB, TopologyRules.BestReplica([never, low, lowAhead, lowAheadB, high]));
        Assert.Same(lowAhead, TopologyRules.BestReplica([never, low, lowAhead, high]));
        Assert.Same(high, TopologyRules.BestReplica([never, high]));
        Assert.Null(TopologyRules.BestReplica([never]));
        Assert.Null(TopologyRules.BestReplica([Candidate(6, 6, TopologyRole.Master, priority: 1)]));
    }

    [Fact]
    public void A_replica_follows_the_current_master_and_refuses_one_whose_epoch_is_older_than_it_knows()
    {
        var self = Candidate(2, 2, TopologyRole.Replica, epoch: 3);
        var master = Candidate(1, 1, TopologyRole.Master, epoch: 3);
        var follow = Assert.IsType<TopologyDecision.Follow>(TopologyRules.Decide(self, [self, master], 3, settled: true));
        Assert.Same(master, follow.Master);

        var stale = Candidate(1, 1, TopologyRole.Master, epoch: 2);
        var wait = Assert.IsType<TopologyDecision.Wait>(TopologyRules.Decide(self, [self, stale], 3, settled: true));
        Assert.StartsWith("refusing stale master(s)", wait.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_that_loses_becomes_a_replica_of_the_winner_and_a_stale_master_is_deposed()
    {
        var self = Candidate(1, 1, TopologyRole.Master, epoch: 1, offset: 900);
        var newer = Candidate(2, 2, TopologyRole.Master, epoch: 2, offset: 100);
        var follow = Assert.IsType<TopologyDecision.Follow>(TopologyRules.Decide(self, [self, newer], 1, settled: true));
        Assert.Contains("wins over this node by higher epoch (2 > 1)", follow.Reason, StringComparison.Ordinal);
        Assert.IsType<TopologyDecision.Deposed>(TopologyRules.Decide(self, [self], 2, settled: true));
        var stay = Assert.IsType<TopologyDecision.StayMaster>(TopologyRules.Decide(newer, [newer, self], 2, settled: true));
        Assert.Equal("master of the group", stay.Reason); // the stale one does not count as a rival
    }

    [Fact]
    public void A_new_group_starts_with_the_member_that_says_initial_master_else_with_the_oldest_once_settled()
    {
        var oldest = Candidate(1, 1, TopologyRole.Pending);
        var younger = Candidate(2, 2, TopologyRole.Pending);
        Assert.IsType<TopologyDecision.Wait>(TopologyRules.Decide(oldest, [oldest, younger], 0, settled: false));
        Assert.Equal(1, Assert.IsType<TopologyDecision.BecomeMaster>(TopologyRules.Decide(oldest, [oldest, younger], 0, settled: true)).Epoch);
        Assert.IsType<TopologyDecision.Wait>(TopologyRules.Decide(younger, [younger, oldest], 0, settled: true));

        var chosen = Candidate(3, 3, TopologyRole.Pending, initialMaster: true);
        Assert.IsType<TopologyDecision.BecomeMaster>(TopologyRules.Decide(chosen, [chosen, oldest, younger], 0, settled: true));
        Assert.IsType<TopologyDecision.Wait>(TopologyRules.Decide(oldest, [oldest, chosen, younger], 0, settled: true));
    }

    [Fact]
    public void A_group_that_had_a_master_never_elects_a_first_master_again()
    {
        var oldest = Candidate(1, 1, TopologyRole.Replica, epoch: 4);
        var wait = Assert.IsType<TopologyDecision.Wait>(TopologyRules.Decide(oldest, [oldest], 4, settled: true));
        Assert.Equal("group default has no master (last epoch 4)", wait.Reason);
    }
}
