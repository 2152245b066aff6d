using ActorReplication.Actors;
using ActorReplication.TestKit;

namespace ActorReplication.Actors.Tests;

public sealed class TestKitSpec : TestKit.TestKit
{
    [Fact]
    public void ExpectMsg_failure_must_say_what_was_expected_and_what_arrived()
    {
        TestActor.Tell(42, ActorRefs.NoSender);
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>());
        Assert.Contains("String", ex.Message);
        Assert.Contains("42", ex.Message);
        Assert.Contains("ms", ex.Message);
    }

    [Fact]
    public void ExpectMsg_timeout_must_say_how_long_it_waited()
    {
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(30)));
        Assert.Contains("Timeout (30 ms)", ex.Message);
        Assert.Contains("nothing arrived", ex.Message);
    }

    [Fact]
    public void ExpectNoMsg_must_fail_when_something_arrives()
    {
        TestActor.Tell("surprise", ActorRefs.NoSender);
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(200)));
        Assert.Contains("surprise", ex.Message);
    }

    [Fact]
    public void ExpectMsgAllOf_must_accept_any_order_and_report_missing_ones()
    {
        TestActor.Tell(2, ActorRefs.NoSender);
        TestActor.Tell(1, ActorRefs.NoSender);
        ExpectMsgAllOf(1, 2);
        TestActor.Tell(1, ActorRefs.NoSender);
        var ex = Assert.Throws<TestKitAssertionException>(() => ExpectMsgAllOf(TimeSpan.FromMilliseconds(50), 1, 3));
        Assert.Contains("missing [3", ex.Message);
    }

    [Fact]
    public void FishForMessage_and_ReceiveWhile_must_skip_and_collect()
    {
        foreach (var i in new[] { 1, 2, 3, 10, 4 }) TestActor.Tell(i, ActorRefs.NoSender);
        Assert.Equal(3, FishForMessage<int>(i => i == 3));
        var small = ReceiveWhile(o => o is int i && i >= 10 ? (object)i : null, TimeSpan.FromMilliseconds(200));
        Assert.Equal([10], small.Cast<int>());
        Assert.Equal(4, ExpectMsg<int>());
    }

    [Fact]
    public void Within_must_bound_nested_expectations_and_check_duration()
    {
        var ex = Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromMilliseconds(100), () => ExpectMsg<string>()));
        Assert.Contains("Timeout", ex.Message);
        Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), () => { }));
    }

    [Fact]
    public void AwaitAssert_must_retry_until_success_and_fail_with_the_last_error()
    {
        var attempts = 0;
        AwaitAssert(() => Assert.True(++attempts >= 3));
        var ex = Assert.Throws<TestKitAssertionException>(() => AwaitAssert(() => Assert.Fail("never"), TimeSpan.FromMilliseconds(100)));
        Assert.Contains("never", ex.Message);
        Assert.Throws<TestKitAssertionException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), message: "cond"));
    }

    [Fact]
    public void LastSender_and_probes_must_track_senders()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("ping", TestActor);
        probe.ExpectMsg("ping");
        Assert.Equal(TestActor, probe.LastSender);
        probe.Reply("pong");
        ExpectMsg("pong");
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public void EventFilter_must_fail_when_the_expected_event_does_not_happen()
    {
        var ex = Assert.Throws<TestKitAssertionException>(() =>
            EventFilter.Error("never logged").ExpectOne(() => { }, TimeSpan.FromMilliseconds(50)));
        Assert.Contains("never logged", ex.Message);
    }

    [Fact]
    public void Dilated_must_scale_by_the_time_factor()
    {
        using var slow = new SlowKit();
        Assert.Equal(TimeSpan.FromSeconds(3), slow.Dilated(TimeSpan.FromSeconds(1)));
    }

    private sealed class SlowKit() : TestKit.TestKit(ActorReplication.Configuration.HoconFiles.ParseString("test.timefactor = 3"));
}
