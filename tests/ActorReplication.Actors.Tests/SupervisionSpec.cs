using System.Collections.Concurrent;
using ActorReplication.Actors;

namespace ActorReplication.Actors.Tests;

public sealed class SupervisionSpec : TestKit.TestKit
{
    /// <summary>Reports each lifecycle hook to a probe; "fail" throws; "count" replies with its message count.</summary>
    private sealed class Lifecycle : ReceiveActor
    {
        private readonly IActorRef _report;
        private int _count;

        public Lifecycle(IActorRef report)
        {
            _report = report;
            _report.Tell("ctor");
            Receive<string>(m => m == "fail", _ => throw new InvalidOperationException("boom"));
            Receive<string>(m => m == "count", _ => Sender.Tell(++_count));
            Receive<string>(m => _report.Tell("got:" + m));
        }

        protected internal override void PreStart() => _report.Tell("preStart");
        protected internal override void PostStop() => _report.Tell("postStop");
        protected internal override void PreRestart(Exception reason, object? message)
        {
            _report.Tell($"preRestart:{reason.Message}:{message}");
            base.PreRestart(reason, message);
        }
        protected internal override void PostRestart(Exception reason)
        {
            _report.Tell("postRestart");
            base.PostRestart(reason);
        }
    }

    private sealed class Parent(SupervisorStrategy strategy, Props childProps, int children) : ReceiveActor
    {
        protected internal override void PreStart()
        {
            for (var i = 0; i < children; i++) Context.ActorOf(childProps, "child" + i);
        }

        protected internal override SupervisorStrategy SupervisorStrategy() => strategy;
    }

    [Fact]
    public void Restart_must_call_hooks_in_order_and_keep_the_mailbox()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Lifecycle(probe.Ref)), "lifecycle");
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");

        // Queued behind the failing message: they must survive the restart, in order.
        actor.Tell("fail", TestActor);
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);

        probe.ExpectMsg("preRestart:boom:fail");
        probe.ExpectMsg("postStop");
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("postRestart");
        probe.ExpectMsg("preStart");
        probe.ExpectMsg("got:a");
        probe.ExpectMsg("got:b");
    }

    [Fact]
    public void Restart_must_reset_state_and_Resume_must_keep_it()
    {
        var probe = CreateTestProbe();
        var restarting = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(_ => Directive.Restart),
            Props.Create(() => new Lifecycle(probe.Ref)), 1)), "restarting");
        var resuming = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(_ => Directive.Resume),
            Props.Create(() => new Lifecycle(probe.Ref)), 1)), "resuming");
        var restartChild = AwaitActor("/user/restarting/child0");
        var resumeChild = AwaitActor("/user/resuming/child0");

        restartChild.Tell("count", TestActor);
        ExpectMsg(1);
        restartChild.Tell("fail", TestActor);
        restartChild.Tell("count", TestActor);
        ExpectMsg(1);

        resumeChild.Tell("count", TestActor);
        ExpectMsg(1);
        resumeChild.Tell("fail", TestActor);
        resumeChild.Tell("count", TestActor);
        ExpectMsg(2);
    }

    [Fact]
    public void Stop_directive_must_stop_the_child_and_notify_watchers()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(Actors.SupervisorStrategy.StoppingStrategy,
            Props.Create(() => new Lifecycle(Nobody)), 1)), "p");
        var child = AwaitActor("/user/p/child0");
        Watch(child);
        child.Tell("fail");
        ExpectTerminated(child);
        _ = parent;
    }

    private static IActorRef Nobody => ActorRefs.Nobody;

    [Fact]
    public void Restarts_beyond_the_retry_limit_must_stop_the_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart),
            Props.Create(() => new Lifecycle(Nobody)), 1)), "limited");
        var child = AwaitActor("/user/limited/child0");
        Watch(child);
        child.Tell("fail");
        child.Tell("fail");
        child.Tell("count", TestActor);
        ExpectMsg(1);
        child.Tell("fail");
        ExpectTerminated(child);
        _ = parent;
    }

    [Fact]
    public void AllForOne_must_restart_the_siblings_too()
    {
        var probe = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new Parent(new AllForOneStrategy(_ => Directive.Restart),
            Props.Create(() => new Lifecycle(probe.Ref)), 2)), "all");
        probe.ReceiveN(4); // two ctors, two preStarts
        var child0 = AwaitActor("/user/all/child0");
        var child1 = AwaitActor("/user/all/child1");
        child1.Tell("count", TestActor);
        ExpectMsg(1);
        child0.Tell("fail");
        var restarts = probe.FishForMessage<string>(m => m == "postRestart");
        Assert.Equal("postRestart", restarts);
        AwaitAssert(() =>
        {
            child1.Tell("count", TestActor);
            ExpectMsg(1, TimeSpan.FromMilliseconds(500));
        });
    }

    private sealed class Escalating : ReceiveActor
    {
        public Escalating(IActorRef report)
        {
            Context.ActorOf(Props.Create(() => new Lifecycle(ActorRefs.Nobody)), "inner");
            Receive<string>(m => report.Tell("middle:" + m));
        }

        protected internal override void PreStart() { }

        protected internal override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);
    }

    [Fact]
    public void Escalate_must_fail_the_supervisor_which_its_parent_then_restarts()
    {
        var top = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(_ => Directive.Stop),
            Props.Create(() => new Escalating(ActorRefs.Nobody)), 1)), "top");
        var middle = AwaitActor("/user/top/child0");
        var inner = AwaitActor("/user/top/child0/inner");
        Watch(middle);
        Watch(inner);
        inner.Tell("fail");
        // The escalation fails "middle"; top's strategy stops it, which stops inner first.
        ExpectMsgAllOf(new Terminated(inner, true, false), new Terminated(middle, true, false));
        _ = top;
    }

    private sealed class Throwing : ReceiveActor
    {
        public Throwing() => ReceiveAny(m =>
        {
            if (m is "throw") throw new InvalidOperationException("sibling failure");
            Sender.Tell(m);
        });
    }

    [Fact]
    public void A_throwing_actor_must_never_take_down_its_siblings()
    {
        var siblings = Enumerable.Range(0, 10).Select(i => Sys.ActorOf(Props.Create<Throwing>(), "s" + i)).ToArray();
        for (var round = 0; round < 5; round++)
            siblings[0].Tell("throw");
        for (var i = 1; i < siblings.Length; i++)
        {
            siblings[i].Tell(i, TestActor);
            ExpectMsg(i);
        }
        siblings[0].Tell("still alive", TestActor);
        ExpectMsg("still alive");
    }

    private sealed class FailingCtor : ReceiveActor
    {
        public FailingCtor() => throw new InvalidOperationException("cannot start");
    }

    [Fact]
    public void A_constructor_failure_must_stop_the_actor_and_be_logged()
    {
        IActorRef actor = null!;
        EventFilter.Exception<ActorInitializationException>().ExpectOne(() => actor = Sys.ActorOf(Props.Create<FailingCtor>()));
        Watch(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Kill_must_stop_the_actor_by_default()
    {
        var actor = Sys.ActorOf(Props.Create<Throwing>());
        Watch(actor);
        actor.Tell(Kill.Instance);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Failures_must_be_logged_with_the_cause()
    {
        var actor = Sys.ActorOf(Props.Create<Throwing>());
        EventFilter.Exception<InvalidOperationException>("sibling failure").ExpectOne(() => actor.Tell("throw"));
    }

    [Fact]
    public void ChildRestartStats_must_count_within_the_window_only()
    {
        var stats = new ChildRestartStats();
        var window = TimeSpan.FromSeconds(10);
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(0)));
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(1)));
        Assert.False(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(2)));
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(30)));
        Assert.False(new ChildRestartStats().RequestRestartPermission(0, null, TimeSpan.Zero));
        Assert.True(new ChildRestartStats().RequestRestartPermission(-1, null, TimeSpan.Zero));
    }
}
