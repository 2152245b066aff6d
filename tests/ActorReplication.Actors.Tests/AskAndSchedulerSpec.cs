using ActorReplication.Actors;
using ActorReplication.TestKit;

namespace ActorReplication.Actors.Tests;

public sealed class AskAndSchedulerSpec() : TestKit.TestKit(TestSchedulerConfig)
{
    private sealed class Replier : ReceiveActor
    {
        public Replier()
        {
            Receive<string>(m => m == "ignore", _ => { });
            Receive<string>(m => m == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("refused"))));
            Receive<string>(m => Sender.Tell(m.Length));
        }
    }

    [Fact]
    public async Task Ask_must_return_the_reply()
    {
        var replier = Sys.ActorOf(Props.Create<Replier>());
        Assert.Equal(5, await replier.Ask<int>("hello", TimeSpan.FromSeconds(3)));
        Assert.Equal(0, Sys.TempContainer.Count);
    }

    [Fact]
    public async Task Ask_that_times_out_must_fail_clearly_and_leak_no_temporary_actor()
    {
        var replier = Sys.ActorOf(Props.Create<Replier>(), "silent");
        var ex = await Assert.ThrowsAsync<AskTimeoutException>(() => replier.Ask<int>("ignore", TimeSpan.FromMilliseconds(50)));
        Assert.Contains("silent", ex.Message);
        Assert.Contains("50 ms", ex.Message);
        Assert.Equal(0, Sys.TempContainer.Count);
    }

    [Fact]
    public async Task Ask_must_fail_with_the_cause_of_a_failure_reply_or_a_wrong_type()
    {
        var replier = Sys.ActorOf(Props.Create<Replier>());
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => replier.Ask<int>("fail", TimeSpan.FromSeconds(3)));
        Assert.Equal("refused", refused.Message);
        var wrongType = await Assert.ThrowsAsync<InvalidCastException>(() => replier.Ask<string>("abc", TimeSpan.FromSeconds(3)));
        Assert.Contains("Int32", wrongType.Message);
        Assert.Equal(0, Sys.TempContainer.Count);
    }

    [Fact]
    public async Task Ask_must_honour_cancellation()
    {
        var replier = Sys.ActorOf(Props.Create<Replier>());
        using var cts = new CancellationTokenSource();
        var task = replier.Ask<int>("ignore", TimeSpan.FromMinutes(1), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAsync<TaskCanceledException>(() => task);
        Assert.Equal(0, Sys.TempContainer.Count);
    }

    [Fact]
    public void A_late_reply_to_a_timed_out_Ask_must_become_a_dead_letter()
    {
        var promise = Sys.NewPromise();
        promise.Fail(new AskTimeoutException("test"));
        EventFilter.DeadLetter<string>().ExpectOne(() => promise.Tell("late", TestActor));
    }

    [Fact]
    public void PipeTo_must_deliver_results_and_failures_as_messages()
    {
        Task.FromResult(42).PipeTo(TestActor);
        ExpectMsg(42);
        Task.FromException<int>(new InvalidOperationException("bad")).PipeTo(TestActor);
        Assert.Equal("bad", ExpectMsg<Status.Failure>().Cause.Message);
        Task.CompletedTask.PipeTo(TestActor, success: () => "done");
        ExpectMsg("done");
    }

    [Fact]
    public void TestScheduler_must_fire_only_when_virtual_time_reaches_the_due_time()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(10), TestActor, "ten", null);
        Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), TestActor, "five", null);
        Scheduler.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(TimeSpan.FromSeconds(6));
        ExpectMsg("five");
        ExpectMsg("ten");
    }

    [Fact]
    public void Repeated_schedules_must_repeat_until_canceled()
    {
        var cancelable = Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "tick", null);
        Scheduler.Advance(TimeSpan.FromSeconds(5)); // fires at 1, 3, 5
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        cancelable.Cancel();
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle(IActorRef report)
        {
            Context.SetReceiveTimeout(TimeSpan.FromSeconds(30));
            Receive<ReceiveTimeout>(_ => report.Tell("idle"));
            Receive<string>(m => m == "off", _ => Context.SetReceiveTimeout(null));
            Receive<string>(_ => { });
        }
    }

    [Fact]
    public void ReceiveTimeout_must_fire_after_silence_and_be_reset_by_messages()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Idle(TestActor)));
        actor.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>(); // the constructor has run and armed the timeout
        Scheduler.Advance(TimeSpan.FromSeconds(20));
        actor.Tell("activity", TestActor);
        actor.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>();
        Scheduler.Advance(TimeSpan.FromSeconds(20)); // 40 s since start, 20 s since activity
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg("idle");
        actor.Tell("off", TestActor);
        actor.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>();
        Scheduler.Advance(TimeSpan.FromMinutes(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void The_default_scheduler_must_fire_on_real_time_and_honour_cancel()
    {
        using var scheduler = new DedicatedThreadScheduler();
        var probe = CreateTestProbe();
        // Far enough out that Cancel surely runs first even on a loaded machine (30 ms was not: CI saw it fire).
        var canceled = scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(500), probe.Ref, "canceled", null);
        canceled.Cancel();
        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(60), probe.Ref, "second", null);
        scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), probe.Ref, "first", null);
        probe.ExpectMsg("first");
        probe.ExpectMsg("second");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(600));
    }
}
