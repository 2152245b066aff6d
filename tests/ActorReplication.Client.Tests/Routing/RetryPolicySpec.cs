using ActorReplication.Client.Routing;

namespace ActorReplication.Client.Tests.Routing;

public class RetryPolicySpec
{
    [Theory]
    [InlineData(RequestKind.Read, FailureKind.NoTarget, true)]
    [InlineData(RequestKind.Read, FailureKind.ReadOnly, true)]
    [InlineData(RequestKind.Read, FailureKind.MasterDown, true)]
    [InlineData(RequestKind.Read, FailureKind.OffsetNotReached, true)]
    [InlineData(RequestKind.Read, FailureKind.Timeout, true)]
    [InlineData(RequestKind.Read, FailureKind.LagExceeded, true)]
    [InlineData(RequestKind.Write, FailureKind.NoTarget, true)]
    [InlineData(RequestKind.Write, FailureKind.ReadOnly, true)]
    [InlineData(RequestKind.Write, FailureKind.MasterDown, true)]
    [InlineData(RequestKind.Write, FailureKind.Timeout, false)]
    public void Retry_policy_must_repeat_a_write_only_when_it_surely_did_not_run(RequestKind kind, FailureKind failure, bool retry) =>
        Assert.Equal(retry, RetryPolicy.MayRetry(kind, failure));

    [Theory]
    [InlineData(FailureKind.MasterDown, true)]
    [InlineData(FailureKind.OffsetNotReached, true)]
    [InlineData(FailureKind.LagExceeded, true)]
    [InlineData(FailureKind.ReadOnly, false)]
    [InlineData(FailureKind.Timeout, false)]
    public void Retry_policy_must_send_a_read_a_replica_could_not_serve_to_the_master(FailureKind failure, bool onMaster) =>
        Assert.Equal(onMaster, RetryPolicy.RetryOnMaster(failure));

    [Theory]
    [InlineData(FailureKind.NoTarget, true)]
    [InlineData(FailureKind.ReadOnly, true)]
    [InlineData(FailureKind.Timeout, true)]
    [InlineData(FailureKind.MasterDown, true)]
    [InlineData(FailureKind.OffsetNotReached, false)]
    [InlineData(FailureKind.LagExceeded, false)]
    public void Retry_policy_must_refresh_the_topology_when_the_view_is_stale(FailureKind failure, bool refresh) =>
        Assert.Equal(refresh, RetryPolicy.InvalidatesTopology(failure));

    [Fact]
    public void Backoff_must_grow_and_stay_bounded()
    {
        Assert.True(RetryPolicy.Backoff(1) < RetryPolicy.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(1), RetryPolicy.Backoff(100));
    }

    [Theory]
    [InlineData("READONLY You can't write against a read only replica.", typeof(ReadOnlyException))]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", typeof(MasterDownException))]
    [InlineData("NOREPLICAS Not enough good replicas to write.", typeof(NoReplicasException))]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", typeof(WrongTypeException))]
    public void Server_errors_must_map_to_typed_exceptions_keeping_the_text(string text, Type expected)
    {
        var error = CacheServerException.From(text);

        Assert.IsType(expected, error);
        Assert.Equal(text, error.Message);
        Assert.Equal(text.Split(' ')[0], error.Code);
    }
}
