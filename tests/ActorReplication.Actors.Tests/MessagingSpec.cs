using ActorReplication.Actors;

namespace ActorReplication.Actors.Tests;

public sealed class MessagingSpec : TestKit.TestKit
{
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(Dictionary<int, List<int>> bySender, CountdownEvent done)
        {
            Receive<(int Sender, int Seq)>(m =>
            {
                if (!bySender.TryGetValue(m.Sender, out var list)) bySender[m.Sender] = list = new List<int>();
                list.Add(m.Seq);
                done.Signal();
            });
        }
    }

    [Fact]
    public void Messages_from_one_sender_must_arrive_in_send_order_with_8_concurrent_senders()
    {
        const int senders = 8, perSender = 20_000;
        var bySender = new Dictionary<int, List<int>>();
        using var done = new CountdownEvent(senders * perSender);
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder(bySender, done)));
        var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < perSender; i++) recorder.Tell((s, i), ActorRefs.NoSender);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.True(done.Wait(Dilated(TimeSpan.FromSeconds(30))), $"only {senders * perSender - done.CurrentCount} messages arrived");
        Assert.Equal(senders, bySender.Count);
        foreach (var (_, sequence) in bySender)
            Assert.Equal(Enumerable.Range(0, perSender), sequence);
    }

    private sealed class Counter(Action onMessage) : ReceiveActor
    {
        protected internal override void PreStart() => Become(m =>
        {
            onMessage();
            return true;
        });
    }

    [Fact]
    public void A_million_messages_across_100_actors_must_all_arrive()
    {
        const int actors = 100, perActor = 10_000;
        var counts = new int[actors];
        using var done = new CountdownEvent(actors);
        var refs = Enumerable.Range(0, actors).Select(i => Sys.ActorOf(Props.Create(() => new Counter(() =>
        {
            if (++counts[i] == perActor) done.Signal();
        })))).ToArray();
        var message = new object();
        Parallel.For(0, actors, i =>
        {
            for (var n = 0; n < perActor; n++) refs[i].Tell(message, ActorRefs.NoSender);
        });
        Assert.True(done.Wait(Dilated(TimeSpan.FromSeconds(60))), $"{done.CurrentCount} actors did not get all their messages");
        Assert.All(counts, c => Assert.Equal(perActor, c));
    }

    private sealed class Priority : ReceiveActor
    {
        public Priority(IActorRef report)
        {
            Receive<string>(m => m == "block", _ => report.Tell("blocked"));
            Receive<string>(m => report.Tell(m));
        }
    }

    [Fact]
    public void Throughput_must_bound_the_user_messages_handled_per_turn()
    {
        using var kit = new TestKitWithConfig("actor.default-dispatcher.throughput = 5");
        using var gate = new ManualResetEventSlim();
        var processed = 0;
        var actor = (LocalActorRef)kit.Sys.ActorOf(Props.Create(() => new Gated(gate, () => Interlocked.Increment(ref processed))));
        for (var i = 0; i < 100; i++) actor.Tell(i, ActorRefs.NoSender);
        gate.Set();
        kit.AwaitCondition(() => Volatile.Read(ref processed) == 100);
        // 100 messages at no more than 5 per turn need at least 20 turns.
        Assert.True(actor.Cell.Mailbox.Turns >= 20, $"only {actor.Cell.Mailbox.Turns} turns");
    }

    private sealed class Gated : ReceiveActor
    {
        public Gated(ManualResetEventSlim gate, Action onMessage) => Receive<int>(_ =>
        {
            gate.Wait();
            onMessage();
        });
    }

    private sealed class TestKitWithConfig(string config) : TestKit.TestKit(ActorReplication.Configuration.HoconFiles.ParseString(config));

    [Fact]
    public void Tell_to_a_stopped_actor_must_become_a_dead_letter_with_the_original_recipient()
    {
        var target = Sys.ActorOf(Props.Create(() => new Priority(ActorRefs.Nobody)));
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        target.Tell("lost", TestActor);
        var dead = ExpectMsg<DeadLetter>(d => d.Message is "lost");
        Assert.Equal(target, dead.Recipient);
        Assert.Equal(TestActor, dead.Sender);
    }

    [Fact]
    public void Dead_letters_must_be_logged()
    {
        EventFilter.Info("was not delivered").ExpectOne(() => Sys.DeadLetters.Tell("nobody home", TestActor));
    }

    [Fact]
    public void EventStream_must_deliver_by_type_including_subtypes_until_unsubscribed()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Exception));
        Sys.EventStream.Publish(new InvalidOperationException("sub"));
        Assert.Equal("sub", ExpectMsg<InvalidOperationException>().Message);
        Sys.EventStream.Publish("not an exception");
        ExpectNoMsg();
        Assert.True(Sys.EventStream.Unsubscribe(TestActor, typeof(Exception)));
        Sys.EventStream.Publish(new InvalidOperationException("after"));
        ExpectNoMsg();
    }

    [Fact]
    public void ActorSelection_must_find_actors_by_absolute_relative_and_wildcard_paths()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent()), "parent");
        var a = AwaitActor("/user/parent/a");
        var b = AwaitActor("/user/parent/b");
        Sys.ActorSelection("/user/parent/a").Tell("direct", TestActor);
        ExpectMsg("a:direct");
        Sys.ActorSelection($"{Sys.Address}/user/parent/b").Tell("absolute", TestActor);
        ExpectMsg("b:absolute");
        Sys.ActorSelection("/user/parent/*").Tell("all", TestActor);
        ExpectMsgAllOf("a:all", "b:all");
        parent.Tell(("forward", "../b"), TestActor);
        ExpectMsg("b:via-sibling");
        _ = (a, b);
    }

    [Fact]
    public async Task ResolveOne_must_fail_with_ActorNotFound_for_a_missing_path()
    {
        var ex = await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/missing").ResolveOne(TimeSpan.FromSeconds(3)));
        Assert.Contains("/user/missing", ex.Message);
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            Context.ActorOf(Props.Create(() => new Named("a")), "a");
            Context.ActorOf(Props.Create(() => new Named("b")), "b");
            Receive<(string, string)>(m => Context.Child("a")!.Tell(m, Sender));
        }
    }

    private sealed class Named : ReceiveActor
    {
        public Named(string name)
        {
            Receive<(string Op, string Path)>(m => Context.ActorSelection(m.Path).Tell("via-sibling", Sender));
            Receive<string>(m => Sender.Tell($"{name}:{m}"));
        }
    }

    [Fact]
    public void Identify_must_answer_with_the_actor_ref()
    {
        var target = Sys.ActorOf(Props.Create(() => new Named("x")));
        target.Tell(new Identify(7), TestActor);
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal(7, identity.MessageId);
        Assert.Equal(target, identity.Subject);
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter(IActorRef report) => Receive<string>(_ => report.Tell(Environment.CurrentManagedThreadId));
    }

    [Fact]
    public void The_inline_dispatcher_must_run_an_idle_actors_turn_on_a_non_actor_callers_thread()
    {
        var probe = CreateTestProbe();
        var inline = Sys.ActorOf(Props.Create(() => new ThreadReporter(probe.Ref)).WithDispatcher("inline"));
        var pooled = Sys.ActorOf(Props.Create(() => new ThreadReporter(probe.Ref)));
        // Warm up until both actors are created and idle.
        inline.Tell(new Identify(1), TestActor);
        pooled.Tell(new Identify(2), TestActor);
        ExpectMsgAllOf(new ActorIdentity(1, inline), new ActorIdentity(2, pooled));
        AwaitAssert(() =>
        {
            var thread = new Thread(() => inline.Tell("where", ActorRefs.NoSender));
            thread.Start();
            thread.Join();
            Assert.Equal(thread.ManagedThreadId, probe.ExpectMsg<int>());
        });
        var caller = Environment.CurrentManagedThreadId;
        pooled.Tell("where", ActorRefs.NoSender);
        Assert.NotEqual(caller, probe.ExpectMsg<int>());
    }

    [Fact]
    public void An_unknown_dispatcher_must_fail_with_its_config_path()
    {
        var ex = Assert.Throws<ActorReplication.Configuration.ConfigException>(() => Sys.ActorOf(Props.Create(() => new ThreadReporter(TestActor)).WithDispatcher("nope")));
        Assert.Contains("actor.dispatchers.nope", ex.Message);
    }

    private sealed class Pong : ReceiveActor
    {
        public Pong() => Receive<int>(n => Sender.Tell(n));
    }

    private sealed class Ping(IActorRef pong, int rounds, CountdownEvent done) : ReceiveActor
    {
        protected internal override void PreStart() => Become(m =>
        {
            if (m is not int n) return false;
            if (n == rounds) done.Signal();
            else pong.Tell(n + 1, Self);
            return true;
        });
    }

    [Fact]
    public void Ping_pong_pairs_with_one_message_in_flight_must_never_stall()
    {
        // One message in flight per pair makes every Tell race the receiver going idle: a lost wakeup
        // between "enqueue" and "mailbox goes idle" would stall a pair for good and time this test out.
        const int pairs = 8, rounds = 20_000;
        using var done = new CountdownEvent(pairs);
        for (var p = 0; p < pairs; p++)
        {
            var pong = Sys.ActorOf(Props.Create<Pong>());
            var ping = Sys.ActorOf(Props.Create(() => new Ping(pong, rounds, done)));
            pong.Tell(0, ping);
        }
        Assert.True(done.Wait(Dilated(TimeSpan.FromSeconds(60))), $"{done.CurrentCount} of {pairs} pairs stalled");
    }
}
