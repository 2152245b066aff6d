using BenchmarkDotNet.Attributes;

namespace ActorReplication.Benchmarks.Remote;

/// <summary>
/// Remote ping-pong between two actor systems in this process over loopback TCP (Akka.NET's RemotePingPong shape):
/// <see cref="Pairs"/> pinger/ponger pairs sharing one association, each keeping <see cref="InFlight"/> messages in
/// flight. One invocation moves <see cref="MessagesPerInvoke"/> messages (pings + pongs), so the time per op is the
/// time per message and Allocated is bytes allocated per message (both systems, all threads). Wire bytes per message
/// are printed at cleanup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
public class RemotePingPongBenchmarks
{
    public const int MessagesPerInvoke = 200_000;

    private RemotePingPongRig _rig = null!;
    private (long Frames, long Bytes) _wireAtStart;

    [Params(1, 10)]
    public int Pairs { get; set; }

    [Params(1, 100)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rig = new RemotePingPongRig(Pairs, InFlight, MessagesPerInvoke / (2 * Pairs));
        _rig.RunRound(); // connected, jitted
        _wireAtStart = _rig.WireTotals();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var (frames, bytes) = _rig.WireTotals();
        var framesRun = frames - _wireAtStart.Frames;
        Console.WriteLine($"// Remote wire: {(bytes - _wireAtStart.Bytes) / (double)Math.Max(1, framesRun):0.0} bytes per frame written " +
            $"(frames include heartbeats; nearly all are envelopes)");
        _rig.Dispose();
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void RemotePingPong() => _rig.RunRound();
}
