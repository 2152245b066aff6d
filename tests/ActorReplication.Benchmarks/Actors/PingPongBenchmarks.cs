using BenchmarkDotNet.Attributes;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>
/// In-process ping-pong throughput (Akka.NET's classic PingPong shape): <see cref="Pairs"/> pinger/ponger pairs, each
/// keeping <see cref="InFlight"/> messages in flight. One invocation moves <see cref="MessagesPerInvoke"/> messages in
/// total (pings + pongs, split evenly over the pairs), so the reported time per op is time per message and
/// Allocated is bytes per message. Default dispatcher throughput (30). Stalls are recovered and reported on the
/// console at cleanup (see <see cref="PingPongRig"/>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
[Config(typeof(ActorBenchmarkConfig))]
public class PingPongBenchmarks
{
    public const int MessagesPerInvoke = 400_000;

    private PingPongRig _rig = null!;

    [Params(1, 2, 4, 8, 16, 100)]
    public int Pairs { get; set; }

    [Params(1, 100)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (MessagesPerInvoke % (2 * Pairs) != 0)
            throw new InvalidOperationException($"{MessagesPerInvoke} messages do not split evenly over {Pairs} pairs");
        _rig = new PingPongRig(Pairs, InFlight, MessagesPerInvoke / (2 * Pairs));
        _rig.RunRound(); // actors created, code jitted
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_rig.Stalls > 0)
            Console.WriteLine($"// Pairs={Pairs}, InFlight={InFlight}: {_rig.Stalls} stall(s) nudged, {_rig.LostWakeups} of them lost " +
                "wakeups (both mailboxes idle, messages queued); the stalled time is included in the measurements");
        _rig.Dispose();
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void PingPong() => _rig.RunRound();
}
