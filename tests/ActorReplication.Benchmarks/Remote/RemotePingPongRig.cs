using System.Buffers;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote;
using ActorReplication.Remote.Serialization;
using Akka.Configuration;

namespace ActorReplication.Benchmarks.Remote;

/// <summary>The ball bounced across the wire: one instance, serialized by <see cref="RemoteBallSerializer"/> as zero bytes.</summary>
internal sealed class RemoteBall
{
    public static readonly RemoteBall Instance = new();
}

/// <summary>Serializer 500: <see cref="RemoteBall"/> as an empty payload, so the figures measure remoting, not a payload codec.</summary>
internal sealed class RemoteBallSerializer : Serializer
{
    public override int Identifier => 500;

    public override string Manifest(object message) => "";

    public override void ToBinary(object message, IBufferWriter<byte> output) { }

    public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest) => RemoteBall.Instance;
}

/// <summary>
/// Two actor systems in this process, remoting over loopback TCP: <see cref="Pairs"/> pingers on system A, each with
/// a ponger on system B that bounces every ball straight back. A pinger keeps <see cref="InFlight"/> balls in flight.
/// Every ping and every pong counts as one message. All pairs share the one association between the two nodes.
/// </summary>
internal sealed class RemotePingPongRig : IDisposable
{
    private readonly ActorSystem _a;
    private readonly ActorSystem _b;
    private readonly IActorRef[] _pingers;
    private CountdownEvent _done = new(0);

    public RemotePingPongRig(int pairs, int inFlight, int roundTripsPerPair)
    {
        Pairs = pairs;
        InFlight = inFlight;
        RoundTripsPerPair = roundTripsPerPair;
        var config = HoconFiles.ParseString("""
            actor { loglevel = warning, serialize-messages = off }
            remote { hostname = "127.0.0.1", port = 0 }
            """);
        _a = ActorSystem.Create("bench-a", config);
        _b = ActorSystem.Create("bench-b", config);
        A = RemoteTransport.Start(_a);
        B = RemoteTransport.Start(_b);
        A.Serialization.Register<RemoteBall>(new RemoteBallSerializer());
        B.Serialization.Register<RemoteBall>(new RemoteBallSerializer());
        _pingers = new IActorRef[pairs];
        for (var i = 0; i < pairs; i++)
        {
            _b.ActorOf(Props.Create(() => new Ponger()), $"ponger-{i}");
            var ponger = _a.ActorSelection($"{B.Address}/user/ponger-{i}").ResolveOne(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            _pingers[i] = _a.ActorOf(Props.Create(() => new Pinger(ponger, this)), $"pinger-{i}");
        }
    }

    public RemoteTransport A { get; }

    public RemoteTransport B { get; }

    public int Pairs { get; }

    public int InFlight { get; }

    public int RoundTripsPerPair { get; }

    public long MessagesPerRound => 2L * Pairs * RoundTripsPerPair;

    /// <summary>Frames and bytes both nodes have written so far.</summary>
    public (long Frames, long Bytes) WireTotals()
    {
        var a = A.GetStatistics();
        var b = B.GetStatistics();
        return (a.FramesSent + b.FramesSent, a.BytesSent + b.BytesSent);
    }

    /// <summary>Starts every pair and blocks until all have finished their round trips.</summary>
    public void RunRound()
    {
        _done = new CountdownEvent(Pairs);
        foreach (var pinger in _pingers) pinger.Tell(Start.Instance, null);
        if (!_done.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException($"{_done.CurrentCount} of {Pairs} pairs did not finish");
    }

    public void Dispose()
    {
        _a.Terminate().Wait(TimeSpan.FromSeconds(10));
        _b.Terminate().Wait(TimeSpan.FromSeconds(10));
        A.WhenStopped.Wait(TimeSpan.FromSeconds(10));
        B.WhenStopped.Wait(TimeSpan.FromSeconds(10));
    }

    private sealed class Start : INoSerializationVerificationNeeded
    {
        public static readonly Start Instance = new();
    }

    private sealed class Pinger : ReceiveActor
    {
        private readonly IActorRef _ponger;
        private readonly RemotePingPongRig _rig;
        private int _sent;
        private int _received;

        public Pinger(IActorRef ponger, RemotePingPongRig rig)
        {
            _ponger = ponger;
            _rig = rig;
            Receive<Start>(_ => StartRound());
            Receive<RemoteBall>(_ => Bounce());
        }

        private void StartRound()
        {
            _sent = _received = 0;
            var first = Math.Min(_rig.InFlight, _rig.RoundTripsPerPair);
            for (var i = 0; i < first; i++) _ponger.Tell(RemoteBall.Instance, Self);
            _sent = first;
        }

        private void Bounce()
        {
            _received++;
            if (_sent < _rig.RoundTripsPerPair)
            {
                _sent++;
                _ponger.Tell(RemoteBall.Instance, Self);
            }
            else if (_received == _rig.RoundTripsPerPair)
            {
                _rig._done.Signal();
            }
        }
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => Receive<RemoteBall>(ball => Sender.Tell(ball, Self));
    }
}
