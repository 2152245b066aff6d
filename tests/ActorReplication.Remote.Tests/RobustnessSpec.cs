using System.Buffers;
using System.Text;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Serialization;
using ActorReplication.Remote.Tests.Messages;
using ActorReplication.Remote.Transport;
using ActorReplication.TestKit;
using ActorReplication.TestKit.MultiNode;
using Akka.Configuration;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorReplication.Remote.Tests;

/// <summary>Whatever arrives on the port, and whatever a node tries to send, hurts only that connection or that message.</summary>
public sealed class RobustnessSpec : IDisposable
{
    private readonly MultiNodeHarness _harness;
    private readonly TestNode _a;
    private readonly TestNode _b;
    private readonly IActorRef _echoOnB;
    private readonly TestProbe _logsOfB;

    public RobustnessSpec(ITestOutputHelper output)
    {
        _harness = MultiNodeHarness.Start(2, HoconFiles.ParseString("remote { maximum-frame-size = 64kb, handshake-timeout = 1s }"), output);
        (_a, _b) = (_harness[0], _harness[1]);
        _b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        _echoOnB = _a.Resolve(_b, "/user/echo");
        _logsOfB = _b.CreateTestProbe();
        _b.System.EventStream.Subscribe<LogEvent>(_logsOfB.Ref);
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>The association between the two real nodes still works, on the same link as before.</summary>
    private void AssertAssociationUnharmed(long framesBefore, string text = "still here")
    {
        _echoOnB.Tell(text, _a.TestActor);
        _a.ExpectMsg(text);
        Assert.True(_a.Transport.GetStatistics().FramesSent > framesBefore);
        Assert.Equal(1, _a.Transport.GetStatistics().ActiveAssociations);
    }

    private void ExpectLogOnB(LogLevel level, string contains) =>
        _logsOfB.FishForMessage<LogEvent>(e => e.Level == level && e.Message.Contains(contains, StringComparison.Ordinal), hint: contains);

    [Fact]
    public void Random_bytes_on_the_port_must_close_that_connection_only_and_be_logged()
    {
        var before = _a.Transport.GetStatistics().FramesSent;
        var garbage = new byte[512];
        new Random(42).NextBytes(garbage);
        using var stranger = RawPeer.Connect(_b.Address);
        stranger.Send(garbage);
        Assert.True(stranger.WaitClosed(TimeSpan.FromSeconds(5)));
        ExpectLogOnB(LogLevel.Warning, "not a remoting peer");
        AssertAssociationUnharmed(before);
    }

    [Fact]
    public void An_HTTP_request_on_the_port_must_be_closed_and_logged()
    {
        var before = _a.Transport.GetStatistics().FramesSent;
        using var browser = RawPeer.Connect(_b.Address);
        browser.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        Assert.True(browser.WaitClosed(TimeSpan.FromSeconds(5)));
        ExpectLogOnB(LogLevel.Warning, "not a remoting peer");
        AssertAssociationUnharmed(before);
    }

    [Fact]
    public void A_stranger_that_never_says_hello_must_be_closed_after_the_handshake_timeout()
    {
        var before = _a.Transport.GetStatistics().FramesSent;
        using var mute = RawPeer.Connect(_b.Address);
        mute.Send([0, 0]);
        Assert.True(mute.WaitClosed(TimeSpan.FromSeconds(5)));
        ExpectLogOnB(LogLevel.Information, "handshake did not complete");
        AssertAssociationUnharmed(before);
    }

    [Fact]
    public void A_frame_that_is_not_a_handshake_must_be_refused_as_the_first_frame()
    {
        using var rude = RawPeer.Connect(_b.Address);
        rude.Send(FrameType.Envelope, new RemoteEnvelope { Recipient = $"{_b.Address}/user/echo", SerializerId = 3, Manifest = "s" });
        Assert.True(rude.WaitClosed(TimeSpan.FromSeconds(5)));
        ExpectLogOnB(LogLevel.Warning, "not a handshake");
    }

    [Fact]
    public void An_oversized_frame_after_a_valid_handshake_must_close_that_connection_only()
    {
        var before = _a.Transport.GetStatistics().FramesSent;
        using var peer = RawPeer.Connect(_b.Address);
        peer.Send(FrameType.Handshake, RawPeer.Handshake(_b.Address));
        Assert.Equal(FrameType.HandshakeAck, peer.ReadFrame(TimeSpan.FromSeconds(5))?.Type);
        // A header announcing 100 MB: the node closes at once, without waiting for the bytes.
        peer.Send([0x06, 0x40, 0x00, 0x01, (byte)FrameType.Envelope, 1, 2, 3]);
        Assert.True(peer.WaitClosed(TimeSpan.FromSeconds(5)));
        ExpectLogOnB(LogLevel.Warning, "exceeds the maximum");
        AssertAssociationUnharmed(before);
    }

    [Fact]
    public void A_malformed_envelope_from_an_established_peer_must_close_that_connection_only()
    {
        var before = _a.Transport.GetStatistics().FramesSent;
        using var peer = RawPeer.Connect(_b.Address);
        peer.Send(FrameType.Handshake, RawPeer.Handshake(_b.Address));
        Assert.Equal(FrameType.HandshakeAck, peer.ReadFrame(TimeSpan.FromSeconds(5))?.Type);
        peer.Send([0, 0, 0, 4, (byte)FrameType.Envelope, 0xFF, 0xFF, 0xFF]);
        Assert.True(peer.WaitClosed(TimeSpan.FromSeconds(5)));
        ExpectLogOnB(LogLevel.Warning, "malformed RemoteEnvelope");
        AssertAssociationUnharmed(before);
    }

    [Fact]
    public void An_oversized_message_must_be_dropped_with_a_logged_error_and_the_association_must_survive()
    {
        var logsOfA = _a.CreateTestProbe();
        _a.System.EventStream.Subscribe<LogEvent>(logsOfA.Ref);
        var disassociations = _a.CreateTestProbe();
        _a.System.EventStream.Subscribe<RemotingLifecycle.Disassociated>(disassociations.Ref);

        _echoOnB.Tell(new Blob { Data = ByteString.CopyFrom(new byte[100 * 1024]) }, _a.TestActor);
        _echoOnB.Tell(new Blob { Data = ByteString.CopyFrom(new byte[1024]) }, _a.TestActor);

        logsOfA.FishForMessage<LogEvent>(e => e.Level == LogLevel.Error && e.Message.Contains("exceeds remote.maximum-frame-size"));
        Assert.Equal(1024, _a.ExpectMsg<Blob>().Data.Length);
        AssertAssociationUnharmed(0);
        disassociations.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_message_the_receiver_cannot_deserialize_must_be_dropped_there_with_a_logged_error()
    {
        // Only node A knows serializer 150.
        _a.Transport.Serialization.Register<Custom>(new CustomSerializer());
        _echoOnB.Tell(new Custom("unknown over there"), _a.TestActor);
        ExpectLogOnB(LogLevel.Error, "could not be deserialized");
        AssertAssociationUnharmed(0, "after the bad one");
    }

    [Fact]
    public void Messages_beyond_the_outbound_queue_size_must_be_dropped_with_a_warning_while_the_peer_is_unreachable()
    {
        var small = _harness.StartNode("small", HoconFiles.ParseString("remote.outbound-queue-size = 5"));
        var logs = small.CreateTestProbe();
        small.System.EventStream.Subscribe<LogEvent>(logs.Ref);
        int freePort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            freePort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var nowhere = small.System.ResolveActorRef($"ar.tcp://nowhere@127.0.0.1:{freePort}/user/x");
        for (var i = 0; i < 20; i++) nowhere.Tell(i, null);
        logs.FishForMessage<LogEvent>(e => e.Level == LogLevel.Warning && e.Message.Contains("outbound queue is full"));
        Assert.True(small.Transport.GetOrCreateAssociation(nowhere.Path.Address).QueuedCount <= 5);
    }

    private sealed record Custom(string Text);

    private sealed class CustomSerializer : Serializer
    {
        public override int Identifier => 150;

        public override string Manifest(object message) => "custom";

        public override void ToBinary(object message, IBufferWriter<byte> output) => output.Write(Encoding.UTF8.GetBytes(((Custom)message).Text));

        public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest) => new Custom(Encoding.UTF8.GetString(bytes));
    }
}
