using ActorReplication.Actors;

namespace ActorReplication.Actors.Tests;

public sealed class StashAndBecomeSpec : TestKit.TestKit
{
    /// <summary>Stashes strings until "open", then replays them in order.</summary>
    private sealed class Gate : ReceiveActor, IWithStash
    {
        public IStash Stash { get; set; } = null!;

        public Gate()
        {
            Closed();
        }

        private void Closed()
        {
            Receive<string>(m => m == "open", _ =>
            {
                Become(Open);
                Stash.UnstashAll();
            });
            Receive<string>(m => m == "fail", _ => throw new InvalidOperationException("restart me"));
            Receive<string>(_ => Stash.Stash());
        }

        private void Open()
        {
            Receive<string>(m => m == "close", _ => Become(Closed));
            Receive<string>(m => Sender.Tell("open:" + m));
        }
    }

    [Fact]
    public void Stashed_messages_must_survive_Become_and_replay_in_order_before_newer_ones()
    {
        var gate = Sys.ActorOf(Props.Create<Gate>());
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell("open", TestActor);
        gate.Tell("c", TestActor);
        ExpectMsg("open:a");
        ExpectMsg("open:b");
        ExpectMsg("open:c");
    }

    [Fact]
    public void Stashed_messages_must_survive_a_restart()
    {
        var gate = Sys.ActorOf(Props.Create<Gate>());
        gate.Tell("a", TestActor);
        gate.Tell("fail", TestActor);
        // After the restart the fresh instance is closed again; "a" is back in the mailbox and gets re-stashed.
        gate.Tell("open", TestActor);
        ExpectMsg("open:a");
    }

    [Fact]
    public void Stashing_the_same_message_twice_must_fail()
    {
        var actor = Sys.ActorOf(Props.Create<DoubleStasher>());
        EventFilter.Exception<InvalidOperationException>("already stashed").ExpectOne(() => actor.Tell("x"));
    }

    private sealed class DoubleStasher : ReceiveActor, IWithStash
    {
        public IStash Stash { get; set; } = null!;

        public DoubleStasher() => Receive<string>(_ =>
        {
            Stash.Stash();
            Stash.Stash();
        });
    }

    private sealed class Stacked : ReceiveActor
    {
        public Stacked()
        {
            Receive<string>(m => m == "push", _ => BecomeStacked(() =>
            {
                Receive<string>(m => m == "pop", _ => UnbecomeStacked());
                Receive<string>(m => Sender.Tell("pushed:" + m));
            }));
            Receive<string>(m => Sender.Tell("base:" + m));
        }
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_must_push_and_pop_behaviours()
    {
        var actor = Sys.ActorOf(Props.Create<Stacked>());
        actor.Tell("x", TestActor);
        ExpectMsg("base:x");
        actor.Tell("push", TestActor);
        actor.Tell("y", TestActor);
        ExpectMsg("pushed:y");
        actor.Tell("pop", TestActor);
        actor.Tell("z", TestActor);
        ExpectMsg("base:z");
        actor.Tell("push", TestActor);
        actor.Tell("pop", TestActor);
        actor.Tell("pop", TestActor); // the base behaviour handles it: the last behaviour is never popped
        ExpectMsg("base:pop");
    }

    [Fact]
    public void Unhandled_messages_must_be_published()
    {
        var actor = Sys.ActorOf(Props.Create<Stacked>());
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        actor.Tell(42, TestActor);
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    [Fact]
    public void Receive_outside_the_constructor_must_be_rejected()
    {
        var actor = Sys.ActorOf(Props.Create<LateRegistration>());
        EventFilter.Exception<InvalidOperationException>("only be called in the constructor").ExpectOne(() => actor.Tell("go"));
    }

    private sealed class LateRegistration : ReceiveActor
    {
        public LateRegistration() => Receive<string>(_ => Receive<int>(_ => { }));
    }

    [Fact]
    public void ActorOf_must_reject_duplicate_and_invalid_names()
    {
        Sys.ActorOf(Props.Create<Stacked>(), "unique");
        var duplicate = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Stacked>(), "unique"));
        Assert.Contains("not unique", duplicate.Message);
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Stacked>(), "has space"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<Stacked>(), ""));
    }

    [Fact]
    public void Creating_an_actor_with_new_must_fail_clearly()
    {
        var ex = Assert.Throws<ActorException>(() => new Stacked());
        Assert.Contains("ActorOf", ex.Message);
    }
}
