using ActorReplication.Actors;

namespace ActorReplication.Actors.Tests;

public sealed class DeathWatchSpec : TestKit.TestKit
{
    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    /// <summary>Watches what it is told to watch and reports Terminated to its report ref.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef report)
        {
            Receive<(string Op, IActorRef Target)>(m => m.Op == "watch", m => { Context.Watch(m.Target); Sender.Tell("watching"); });
            Receive<(string Op, IActorRef Target)>(m => m.Op == "unwatch", m => { Context.Unwatch(m.Target); Sender.Tell("unwatched"); });
            Receive<Terminated>(t => report.Tell(t));
        }
    }

    [Fact]
    public void Watching_a_stopped_actor_must_yield_Terminated_at_once()
    {
        var target = Sys.ActorOf(Props.Create<Silent>());
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);

        var late = CreateTestProbe();
        late.Watch(target);
        var terminated = late.ExpectTerminated(target);
        Assert.True(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void Watching_Nobody_or_dead_letters_must_yield_Terminated_without_existence()
    {
        Watch(ActorRefs.Nobody);
        Assert.False(ExpectTerminated(ActorRefs.Nobody).ExistenceConfirmed);
    }

    [Fact]
    public void PoisonPill_must_process_earlier_messages_then_stop_and_dead_letter_later_ones()
    {
        var target = Sys.ActorOf(Props.Create(() => new Echo()));
        Watch(target);
        target.Tell("first", TestActor);
        target.Tell(PoisonPill.Instance);
        EventFilter.DeadLetter<string>(m => m == "late").ExpectOne(() =>
        {
            ExpectMsg("first");
            ExpectTerminated(target);
            target.Tell("late", TestActor);
        });
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Fact]
    public void Unwatch_must_suppress_Terminated()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        var target = Sys.ActorOf(Props.Create<Silent>());
        watcher.Tell(("watch", target), TestActor);
        ExpectMsg("watching");
        watcher.Tell(("unwatch", target), TestActor);
        ExpectMsg("unwatched");
        Sys.Stop(target);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_unhandled_Terminated_must_fail_the_watcher_with_a_DeathPactException()
    {
        var target = Sys.ActorOf(Props.Create<Silent>());
        var watcher = Sys.ActorOf(Props.Create(() => new PactWatcher(target)));
        Watch(watcher);
        EventFilter.Exception<DeathPactException>().ExpectOne(() => Sys.Stop(target));
        ExpectTerminated(watcher);
    }

    private sealed class PactWatcher : ReceiveActor
    {
        public PactWatcher(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => { });
        }
    }

    [Fact]
    public async Task Shutdown_must_stop_children_before_parents()
    {
        var order = new List<string>();
        var props = Props.Create(() => new Node(order, 3));
        Sys.ActorOf(props, "root");
        AwaitActor("/user/root/n3-0/n2-0/n1-0");
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        lock (order)
        {
            // Every node stops after all of its descendants.
            for (var i = 0; i < order.Count; i++)
                for (var j = 0; j < i; j++)
                    Assert.False(IsAncestor(order[j], order[i]), $"{order[j]} stopped before its descendant {order[i]}");
            Assert.Equal(1 + 2 + 4 + 8, order.Count);
            Assert.Equal("/user/root", order[^1]);
        }
    }

    private static bool IsAncestor(string ancestor, string path) => path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    private sealed class Node : ReceiveActor
    {
        private readonly List<string> _order;

        public Node(List<string> order, int depth)
        {
            _order = order;
            for (var i = 0; i < 2 && depth > 0; i++)
                Context.ActorOf(Props.Create(() => new Node(order, depth - 1)), $"n{depth}-{i}");
        }

        protected internal override void PostStop()
        {
            lock (_order) _order.Add(Self.Path.ToStringWithoutAddress());
        }
    }
}
