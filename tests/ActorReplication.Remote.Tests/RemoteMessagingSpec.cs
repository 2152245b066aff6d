using ActorReplication.Actors;
using ActorReplication.Remote.Tests.Messages;
using ActorReplication.TestKit.MultiNode;
using Xunit.Abstractions;

namespace ActorReplication.Remote.Tests;

public sealed class RemoteMessagingSpec : IDisposable
{
    private readonly MultiNodeHarness _harness;
    private readonly TestNode _a;
    private readonly TestNode _b;

    public RemoteMessagingSpec(ITestOutputHelper output)
    {
        _harness = MultiNodeHarness.Start(2, output: output);
        (_a, _b) = (_harness[0], _harness[1]);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Port_zero_must_bind_a_free_port_that_becomes_the_address()
    {
        Assert.Equal("ar.tcp", _a.Address.Protocol);
        Assert.Equal("node1", _a.Address.System);
        Assert.Equal("127.0.0.1", _a.Address.Host);
        Assert.NotEqual(0, _a.Address.Port);
        Assert.NotEqual(_a.Address.Port, _b.Address.Port);
        Assert.NotEqual(0, _a.Transport.Uid);
        Assert.StartsWith($"ar.tcp://node1@127.0.0.1:{_a.Address.Port}", _a.Address.ToString());
    }

    [Fact]
    public void Tell_across_nodes_must_reach_the_actor_and_carry_the_sender()
    {
        _b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = _a.Resolve(_b, "/user/echo");
        Assert.IsType<RemoteActorRef>(echo);
        Assert.Equal(_b.Address, echo.Path.Address);

        echo.Tell("hello", _a.TestActor);
        _a.ExpectMsg("hello");
        Assert.Equal(echo, _a.LastSender);

        echo.Tell(new Greeting { Text = "protobuf" }, _a.TestActor);
        Assert.Equal("protobuf", _a.ExpectMsg<Greeting>().Text);
    }

    [Fact]
    public async Task Ask_across_nodes_must_complete_with_the_reply_sent_to_the_temporary_ref()
    {
        _b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = _a.Resolve(_b, "/user/echo");

        var reply = await echo.Ask<Greeting>(new Greeting { Text = "ask" }, TimeSpan.FromSeconds(5));
        Assert.Equal("ask", reply.Text);
        Assert.Equal(42, await echo.Ask<int>(42, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_answered_with_Status_Failure_must_fail_with_the_original_exception_type()
    {
        _b.System.ActorOf(Props.Create(() => new Failer()), "failer");
        var failer = _a.Resolve(_b, "/user/failer");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => failer.Ask("fail", TimeSpan.FromSeconds(5)));
        Assert.Equal("nope", ex.Message);
    }

    [Fact]
    public void ActorSelection_across_nodes_must_deliver_by_path_and_by_wildcard()
    {
        _b.System.ActorOf(Props.Create(() => new Echo()), "echo-1");
        _b.System.ActorOf(Props.Create(() => new Echo()), "echo-2");
        _a.AwaitAssert(() => _a.Resolve(_b, "/user/echo-2", TimeSpan.FromSeconds(1)));

        _a.System.ActorSelection($"{_b.Address}/user/echo-1").Tell("direct", _a.TestActor);
        _a.ExpectMsg("direct");

        _a.System.ActorSelection($"{_b.Address}/user/echo-*").Tell("fan-out", _a.TestActor);
        _a.ExpectMsg("fan-out");
        _a.ExpectMsg("fan-out");
        _a.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task ResolveOne_must_return_a_remote_ref_with_the_uid_or_fail_for_a_missing_path()
    {
        var local = _b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var resolved = await _a.System.ActorSelection($"{_b.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(5));
        Assert.Equal(local.Path.Uid, resolved.Path.Uid);
        Assert.Equal(local.Path.Elements, resolved.Path.Elements);

        await Assert.ThrowsAsync<ActorNotFoundException>(() =>
            _a.System.ActorSelection($"{_b.Address}/user/nobody-here").ResolveOne(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_selection_of_the_nodes_own_public_address_must_resolve_locally()
    {
        var echo = _a.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var resolved = await _a.System.ActorSelection($"{_a.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(5));
        Assert.Same(echo, resolved);
        Assert.Same(echo, _a.System.ResolveActorRef($"{_a.Address}/user/echo"));
    }

    [Fact]
    public void Refs_inside_messages_must_resolve_to_local_refs_at_home_and_to_remote_refs_elsewhere()
    {
        var userOnB = _b.System.ActorOf(Props.Create(() => new RefUser()), "ref-user");
        var remoteUser = _a.Resolve(_b, "/user/ref-user");
        var probeOnA = _a.CreateTestProbe();
        var registryA = _a.Transport.Serialization;

        // A ref of node A travels to node B: there it is a RemoteActorRef that reaches back to A.
        remoteUser.Tell(new RefHolder { Actor = registryA.ToSerializedPath(probeOnA.Ref), Note = "to a" }, _a.TestActor);
        _a.ExpectMsg("remote");
        Assert.Equal("to a", probeOnA.ExpectMsg<Greeting>().Text);

        // A ref of node B that went to A and comes back to B is B's own local actor again.
        var probeOnB = _b.CreateTestProbe();
        var bPathSeenByA = registryA.ToSerializedPath(registryA.ResolveActorRef(_b.Transport.Serialization.ToSerializedPath(probeOnB.Ref)));
        remoteUser.Tell(new RefHolder { Actor = bPathSeenByA, Note = "to b" }, _a.TestActor);
        _a.ExpectMsg("local");
        Assert.Equal("to b", probeOnB.ExpectMsg<Greeting>().Text);
        Assert.Equal(userOnB, probeOnB.LastSender);
    }

    [Fact]
    public void ActorIdentity_must_carry_its_subject_as_a_ref_across_nodes()
    {
        var echo = _b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        _a.Select(_b, "/user/echo").Tell(new Identify("id-1"), _a.TestActor);
        var identity = _a.ExpectMsg<ActorIdentity>();
        Assert.Equal("id-1", identity.MessageId);
        var subject = Assert.IsType<RemoteActorRef>(identity.Subject);
        Assert.Equal(echo.Path.Uid, subject.Path.Uid);

        _a.Select(_b, "/user/missing").Tell(new Identify(7), _a.TestActor);
        var empty = _a.ExpectMsg<ActorIdentity>();
        Assert.Equal(7, empty.MessageId);
        Assert.Null(empty.Subject);
    }

    [Fact]
    public void Messages_for_missing_actors_must_become_dead_letters_on_the_receiving_node()
    {
        var deadLetters = _b.CreateTestProbe();
        _b.System.EventStream.Subscribe<DeadLetter>(deadLetters.Ref);
        var missing = _a.System.ResolveActorRef($"{_b.Address}/user/missing");
        Assert.IsType<RemoteActorRef>(missing);

        missing.Tell("into the void", _a.TestActor);
        var dead = deadLetters.FishForMessage<DeadLetter>(d => d.Message is "into the void");
        Assert.Equal("/user/missing", dead.Recipient.Path.ToStringWithoutAddress());
        Assert.Equal(_a.TestActor.Path.Elements, dead.Sender!.Path.Elements);
        _a.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Ten_thousand_messages_must_arrive_in_order()
    {
        const int count = 10_000;
        var forwarder = _b.System.ActorOf(Props.Create(() => new Forwarder(_b.TestActor)), "forwarder");
        var remote = _a.Resolve(_b, "/user/forwarder");
        Assert.NotNull(forwarder);

        for (var i = 0; i < count; i++) remote.Tell(new Sequenced { Seq = i }, _a.TestActor);
        for (var i = 0; i < count; i++)
            Assert.Equal(i, _b.ExpectMsg<Sequenced>(TimeSpan.FromSeconds(10)).Seq);
    }

    [Fact]
    public async Task Both_nodes_connecting_at_once_must_end_with_one_association_and_lose_nothing()
    {
        _a.System.ActorOf(Props.Create(() => new Forwarder(_a.TestActor)), "inbox");
        _b.System.ActorOf(Props.Create(() => new Forwarder(_b.TestActor)), "inbox");
        var toB = _a.System.ResolveActorRef($"{_b.Address}/user/inbox");
        var toA = _b.System.ResolveActorRef($"{_a.Address}/user/inbox");

        var start = new ManualResetEventSlim();
        var senders = new[]
        {
            Task.Run(() => { start.Wait(); for (var i = 0; i < 100; i++) toB.Tell(i, null); }),
            Task.Run(() => { start.Wait(); for (var i = 0; i < 100; i++) toA.Tell(i, null); }),
        };
        start.Set();
        await Task.WhenAll(senders);

        for (var i = 0; i < 100; i++) _b.ExpectMsg(i);
        for (var i = 0; i < 100; i++) _a.ExpectMsg(i);
        _a.AwaitAssert(() => Assert.Equal(1, _a.Transport.GetStatistics().ActiveAssociations));
        _b.AwaitAssert(() => Assert.Equal(1, _b.Transport.GetStatistics().ActiveAssociations));
    }

    [Fact]
    public void A_lost_connection_must_be_reestablished_for_later_messages()
    {
        _b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = _a.Resolve(_b, "/user/echo");
        var events = _a.CreateTestProbe();
        _a.System.EventStream.Subscribe<RemotingLifecycle.IEvent>(events.Ref);
        var association = _a.Transport.GetOrCreateAssociation(_b.Address);
        var uid = association.RemoteUid;

        association.ActiveLink!.Close("cut by the test");
        events.ExpectMsg<RemotingLifecycle.Disassociated>();

        // At most once: a message caught in the dying link may be lost, so send until one comes back.
        _a.AwaitAssert(() =>
        {
            echo.Tell("again", _a.TestActor);
            _a.ExpectMsg("again", TimeSpan.FromMilliseconds(300));
        });
        var associated = events.FishForMessage<RemotingLifecycle.Associated>(_ => true);
        Assert.Equal(uid, associated.RemoteUid);
        Assert.False(_a.Transport.IsQuarantined(_b.Address, uid));
    }
}
