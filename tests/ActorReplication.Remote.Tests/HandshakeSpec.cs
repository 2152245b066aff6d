using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Transport;
using ActorReplication.TestKit.MultiNode;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorReplication.Remote.Tests;

public sealed class HandshakeSpec : IDisposable
{
    private readonly MultiNodeHarness _harness;

    public HandshakeSpec(ITestOutputHelper output) => _harness = new MultiNodeHarness(HoconFiles.ParseString("remote.secret = \"s3cret\""), output);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_node_with_the_wrong_secret_must_be_refused_logged_and_deliver_nothing()
    {
        var a = _harness.StartNode("node1", HoconFiles.ParseString("remote.secret = \"guess\""));
        var b = _harness.StartNode("node2");
        b.System.ActorOf(Props.Create(() => new Forwarder(b.TestActor)), "inbox");
        var refusedAtB = b.CreateTestProbe();
        b.System.EventStream.Subscribe<RemotingLifecycle.HandshakeRefused>(refusedAtB.Ref);
        var logsAtB = b.CreateTestProbe();
        b.System.EventStream.Subscribe<LogEvent>(logsAtB.Ref);
        var refusedAtA = a.CreateTestProbe();
        a.System.EventStream.Subscribe<RemotingLifecycle.HandshakeRefused>(refusedAtA.Ref);

        a.System.ResolveActorRef($"{b.Address}/user/inbox").Tell("must not arrive", a.TestActor);

        var atB = refusedAtB.ExpectMsg<RemotingLifecycle.HandshakeRefused>();
        Assert.True(atB.Inbound);
        Assert.Contains("WrongSecret", atB.Reason);
        var atA = refusedAtA.ExpectMsg<RemotingLifecycle.HandshakeRefused>();
        Assert.False(atA.Inbound);
        Assert.Contains("WrongSecret", atA.Reason);
        logsAtB.FishForMessage<LogEvent>(e => e.Level == LogLevel.Warning && e.Message.Contains("cluster secret"));
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, b.Transport.GetStatistics().ActiveAssociations);
    }

    [Fact]
    public void A_node_speaking_another_protocol_version_must_be_refused()
    {
        var a = _harness.StartNode("node1");
        var b = _harness.StartNode("node2");
        b.System.ActorOf(Props.Create(() => new Forwarder(b.TestActor)), "inbox");
        var refusedAtB = b.CreateTestProbe();
        b.System.EventStream.Subscribe<RemotingLifecycle.HandshakeRefused>(refusedAtB.Ref);

        // A third system that claims version 2 of the wire protocol.
        var config = HoconFiles.ParseString("remote { port = 0, secret = \"s3cret\" }").WithFallback(MultiNodeHarness.DefaultConfig);
        using var futureSystemGuard = new SystemGuard(ActorSystem.Create("future", config));
        var future = RemoteTransport.Start(futureSystemGuard.System, RemoteTransport.SettingsFor(futureSystemGuard.System) with { ProtocolVersion = 2 });
        var refusedAtFuture = new Probe(futureSystemGuard.System);
        futureSystemGuard.System.EventStream.Subscribe<RemotingLifecycle.HandshakeRefused>(refusedAtFuture.Ref);

        futureSystemGuard.System.ResolveActorRef($"{b.Address}/user/inbox").Tell("from the future", null);

        var atB = refusedAtB.ExpectMsg<RemotingLifecycle.HandshakeRefused>();
        Assert.Contains("VersionMismatch", atB.Reason);
        Assert.Contains("version 2", atB.Reason);
        Assert.Contains("VersionMismatch", refusedAtFuture.Take(TimeSpan.FromSeconds(5)).Reason);
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.NotNull(future);
        _ = a;
    }

    [Fact]
    public void A_raw_handshake_must_be_answered_with_the_nodes_address_and_uid_or_refused_with_the_reason()
    {
        var b = _harness.StartNode("node2");

        using (var good = RawPeer.Connect(b.Address))
        {
            good.Send(FrameType.Handshake, RawPeer.Handshake(b.Address, "s3cret"));
            var frame = good.ReadFrame(TimeSpan.FromSeconds(5));
            Assert.Equal(FrameType.HandshakeAck, frame?.Type);
            var ack = HandshakeAck.Parser.ParseFrom(frame!.Value.Payload);
            Assert.Equal(b.Address.ToString(), ack.Address);
            Assert.Equal(b.Transport.Uid, ack.Uid);
            Assert.Equal(RemoteTransport.ProtocolVersion, ack.ProtocolVersion);
        }

        using (var wrongVersion = RawPeer.Connect(b.Address))
        {
            wrongVersion.Send(FrameType.Handshake, RawPeer.Handshake(b.Address, "s3cret", version: 99));
            var frame = wrongVersion.ReadFrame(TimeSpan.FromSeconds(5));
            Assert.Equal(FrameType.HandshakeReject, frame?.Type);
            var reject = HandshakeReject.Parser.ParseFrom(frame!.Value.Payload);
            Assert.Equal(RejectReason.VersionMismatch, reject.Reason);
            Assert.Equal(RemoteTransport.ProtocolVersion, reject.ProtocolVersion);
            Assert.True(wrongVersion.WaitClosed(TimeSpan.FromSeconds(5)));
        }

        using (var wrongSecret = RawPeer.Connect(b.Address))
        {
            wrongSecret.Send(FrameType.Handshake, RawPeer.Handshake(b.Address, "nope"));
            var reject = HandshakeReject.Parser.ParseFrom(wrongSecret.ReadFrame(TimeSpan.FromSeconds(5))!.Value.Payload);
            Assert.Equal(RejectReason.WrongSecret, reject.Reason);
            Assert.DoesNotContain("s3cret", reject.Detail);
        }

        using (var wrongSystem = RawPeer.Connect(b.Address))
        {
            wrongSystem.Send(FrameType.Handshake, RawPeer.Handshake(new Address("ar.tcp", "other", "127.0.0.1", b.Address.Port), "s3cret"));
            var reject = HandshakeReject.Parser.ParseFrom(wrongSystem.ReadFrame(TimeSpan.FromSeconds(5))!.Value.Payload);
            Assert.Equal(RejectReason.WrongSystem, reject.Reason);
        }
    }

    [Fact]
    public void A_quarantined_incarnation_must_be_refused()
    {
        var b = _harness.StartNode("node2");
        b.Transport.Quarantine(Address.Parse("ar.tcp://stranger@127.0.0.1:1"), 777, "test");
        using var peer = RawPeer.Connect(b.Address);
        peer.Send(FrameType.Handshake, RawPeer.Handshake(b.Address, "s3cret", uid: 777));
        var reject = HandshakeReject.Parser.ParseFrom(peer.ReadFrame(TimeSpan.FromSeconds(5))!.Value.Payload);
        Assert.Equal(RejectReason.Quarantined, reject.Reason);
    }

    /// <summary>Terminates a system created outside the harness.</summary>
    private sealed class SystemGuard(ActorSystem system) : IDisposable
    {
        public ActorSystem System { get; } = system;

        public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>A minimal event collector for a system without a TestKit.</summary>
    private sealed class Probe
    {
        private readonly System.Collections.Concurrent.BlockingCollection<RemotingLifecycle.HandshakeRefused> _events = new();

        public Probe(ActorSystem system) => Ref = system.ActorOf(Props.Create(() => new Collector(_events)));

        public IActorRef Ref { get; }

        public RemotingLifecycle.HandshakeRefused Take(TimeSpan timeout) =>
            _events.TryTake(out var e, timeout) ? e : throw new TimeoutException("no HandshakeRefused event");

        private sealed class Collector : ReceiveActor
        {
            public Collector(System.Collections.Concurrent.BlockingCollection<RemotingLifecycle.HandshakeRefused> events) =>
                Receive<RemotingLifecycle.HandshakeRefused>(events.Add);
        }
    }
}
