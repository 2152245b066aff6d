using ActorReplication.Replication.Master;

namespace ActorReplication.Replication.Tests;

public class PsyncDecisionTests
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string C = "cccccccccccccccccccccccccccccccccccccccc";

    // replid A, replid2 B valid up to 150 (second_repl_offset), backlog holds 101..200.
    private static readonly ReplicationIds Ids = new(A, B, 150);

    [Theory]
    [InlineData(A, 101L, true, null)]
    [InlineData(A, 201L, true, null)]               // nothing to send: fully up to date
    [InlineData(A, 150L, true, null)]
    [InlineData(A, 100L, false, FullSyncReason.BacklogMiss)]
    [InlineData(A, 202L, false, FullSyncReason.BacklogMiss)]
    [InlineData(B, 150L, true, null)]               // previous master's history up to the switch
    [InlineData(B, 151L, false, FullSyncReason.SecondIdOffsetExceeded)]
    [InlineData(C, 150L, false, FullSyncReason.ReplIdMismatch)]
    [InlineData("?", -1L, false, FullSyncReason.FullRequested)]
    [InlineData(A, -1L, false, FullSyncReason.FullRequested)]
    public void Psync_continues_only_for_a_known_history_held_in_the_backlog(string replid, long offset, bool continues, FullSyncReason? reason)
    {
        var d = PsyncDecision.Decide(replid, offset, Ids, 101, 100);
        Assert.Equal(continues, d.Continue);
        Assert.Equal(reason, d.Reason);
        Assert.False(string.IsNullOrEmpty(d.Detail));
    }

    [Fact]
    public void Without_a_backlog_every_partial_is_refused_as_no_backlog()
    {
        var d = PsyncDecision.Decide(A, 101, Ids, null, 0);
        Assert.Equal(FullSyncReason.NoBacklog, d.Reason);
    }

    [Fact]
    public void No_replid2_never_matches_the_zero_id()
    {
        var d = PsyncDecision.Decide(ReplId.None, 1, new ReplicationIds(A, ReplId.None, -1), 1, 10);
        Assert.Equal(FullSyncReason.ReplIdMismatch, d.Reason);
    }

    [Fact]
    public void Wire_values_of_reasons_are_pinned()
    {
        Assert.Equal(1, (int)FullSyncReason.FullRequested);
        Assert.Equal(2, (int)FullSyncReason.ReplIdMismatch);
        Assert.Equal(3, (int)FullSyncReason.SecondIdOffsetExceeded);
        Assert.Equal(4, (int)FullSyncReason.NoBacklog);
        Assert.Equal(5, (int)FullSyncReason.BacklogMiss);
    }
}
