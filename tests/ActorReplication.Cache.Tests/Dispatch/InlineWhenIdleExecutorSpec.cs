using ActorReplication.Cache.Dispatch;
using Akka.Actor;
using Akka.Configuration;

namespace ActorReplication.Cache.Tests.Dispatch;

/// <summary>
/// Pins what the keyspace relies on from Akka.NET's dispatcher internals (decision 0003): a non-actor caller runs an
/// idle actor's turn inline, actors never run another actor's turn inside their own, and one turn at a time in order.
/// </summary>
public sealed class InlineWhenIdleExecutorSpec : Akka.TestKit.Xunit2.TestKit
{
    public InlineWhenIdleExecutorSpec() : base(KeyspaceDispatcher.Config.WithFallback(ConfigurationFactory.Default()))
    {
    }

    [Fact]
    public void Akka_is_the_pinned_version_whose_internals_the_executor_uses()
    {
        Assert.Equal(new Version(1, 5, 75, 0), typeof(ActorSystem).Assembly.GetName().Version);
    }

    [Fact]
    public void A_tell_from_a_non_actor_thread_runs_an_idle_actors_turn_before_it_returns_on_that_thread()
    {
        var turns = new TurnLog();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(turns)).WithDispatcher(KeyspaceDispatcher.Id));
        actor.Tell(new Probe(0));
        AwaitAssert(() => Assert.Single(turns.Snapshot()), TimeSpan.FromSeconds(10)); // started, and idle again

        // The TestKit makes its own thread look like the test actor's turn, so the caller is a plain thread, as a
        // RESP connection's I/O thread is.
        var seenBeforeReturn = false;
        var caller = OnPlainThread(() =>
        {
            actor.Tell(new Probe(1));
            seenBeforeReturn = turns.Snapshot().Any(t => t.Sequence == 1);
        });

        Assert.True(seenBeforeReturn, "the turn had not run when Tell returned");
        Assert.Contains(new Turn(1, caller), turns.Snapshot());
    }

    [Fact]
    public void A_non_actor_caller_runs_a_busy_actors_messages_on_the_thread_pool_not_inline()
    {
        var gate = new ManualResetEventSlim();
        var entered = new ManualResetEventSlim();
        var turns = new TurnLog();
        var actor = Sys.ActorOf(Props.Create(() => new GatedRecorder(gate, entered, turns)).WithDispatcher(KeyspaceDispatcher.Id));
        actor.Tell(new Probe(0)); // from the test thread (an actor's turn, so on the pool): holds the turn at the gate
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the first turn never started");

        var caller = OnPlainThread(() => actor.Tell(new Probe(1)));
        gate.Set();

        AwaitAssert(() => Assert.Equal(2, turns.Snapshot().Count), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(new Turn(1, caller), turns.Snapshot());
    }

    /// <summary>Runs the action on a new thread and returns that thread (compared by identity: managed thread ids are
    /// reused once a thread ends, so a pool thread started later could carry the caller's id).</summary>
    private static Thread OnPlainThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the caller thread did not finish");
        return thread;
    }

    [Fact]
    public void A_tell_from_inside_an_actors_turn_never_runs_the_target_inside_that_turn()
    {
        var turns = new TurnLog();
        var target = Sys.ActorOf(Props.Create(() => new Recorder(turns)).WithDispatcher(KeyspaceDispatcher.Id));
        var sender = Sys.ActorOf(Props.Create(() => new Forwarder(target, turns)));
        target.Tell(new Probe(0));
        AwaitAssert(() => Assert.Single(turns.Snapshot()), TimeSpan.FromSeconds(10)); // started, and idle again

        sender.Tell(new Probe(7));

        AwaitAssert(() => Assert.Contains(turns.Snapshot(), t => t.Sequence == 7), TimeSpan.FromSeconds(10));
        Assert.False(turns.NestedTurnSeen, "the target's turn ran inside the sending actor's turn");
    }

    [Fact]
    public void Turns_run_one_at_a_time_and_in_each_callers_order_under_contention()
    {
        const int callers = 16, perCaller = 2_000;
        var counter = new OrderChecker(callers);
        var actor = Sys.ActorOf(Props.Create(() => new OrderedCounter(counter)).WithDispatcher(KeyspaceDispatcher.Id));

        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            for (var i = 0; i < perCaller; i++) actor.Tell(new Numbered(c, i));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(30)), "a caller did not finish"));

        AwaitAssert(() => Assert.Equal(callers * perCaller, counter.Total), TimeSpan.FromSeconds(30));
        Assert.Equal(0, counter.OutOfOrder);
        Assert.Equal(0, counter.Overlaps);
    }

    private sealed record Probe(int Sequence);

    private sealed record Numbered(int Caller, int Index);

    private sealed record Turn(int Sequence, Thread Thread);

    /// <summary>Turns seen by the recorder; also notes a turn that ran while a forwarding actor was inside its own.</summary>
    private sealed class TurnLog
    {
        private readonly List<Turn> _turns = [];
        [ThreadStatic] private static bool t_insideForwarder;

        public bool NestedTurnSeen { get; private set; }

        public void EnterForwarder() => t_insideForwarder = true;

        public void LeaveForwarder() => t_insideForwarder = false;

        public void Record(int sequence)
        {
            lock (_turns)
            {
                if (t_insideForwarder) NestedTurnSeen = true;
                _turns.Add(new Turn(sequence, Thread.CurrentThread));
            }
        }

        public IReadOnlyList<Turn> Snapshot()
        {
            lock (_turns) return _turns.ToList();
        }
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(TurnLog log) => Receive<Probe>(p => log.Record(p.Sequence));
    }

    private sealed class GatedRecorder : ReceiveActor
    {
        public GatedRecorder(ManualResetEventSlim gate, ManualResetEventSlim entered, TurnLog log) => Receive<Probe>(p =>
        {
            if (p.Sequence == 0)
            {
                entered.Set();
                Assert.True(gate.Wait(TimeSpan.FromSeconds(10)), "the gate was never opened");
            }
            log.Record(p.Sequence);
        });
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target, TurnLog log) => Receive<Probe>(p =>
        {
            log.EnterForwarder();
            try
            {
                target.Tell(p);
            }
            finally
            {
                log.LeaveForwarder();
            }
        });
    }

    /// <summary>Counts messages, each caller's out-of-order arrivals, and turns that overlapped another turn.</summary>
    private sealed class OrderChecker(int callers)
    {
        private readonly int[] _next = new int[callers];
        private int _inside;
        private int _total;

        public int Total => Volatile.Read(ref _total);

        public int OutOfOrder { get; private set; }

        public int Overlaps { get; private set; }

        public void Handle(Numbered message)
        {
            if (Interlocked.Increment(ref _inside) != 1) Overlaps++;
            if (_next[message.Caller] != message.Index) OutOfOrder++;
            _next[message.Caller] = message.Index + 1;
            Interlocked.Decrement(ref _inside);
            Interlocked.Increment(ref _total);
        }
    }

    private sealed class OrderedCounter : ReceiveActor
    {
        public OrderedCounter(OrderChecker checker) => Receive<Numbered>(checker.Handle);
    }
}
