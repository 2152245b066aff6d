using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using ActorReplication.Actors;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>
/// <c>actors-quick</c>: a fast, BenchmarkDotNet-free check of actor throughput and allocations. For each pairs count and
/// in-flight count it runs ping-pong rounds for a fixed wall time and prints messages/s and GC-allocated bytes per
/// message (GC.GetTotalAllocatedBytes(true) deltas, so thread-pool threads count too), then bytes per Tell.
/// Options: --seconds S (per measurement, default 2.5), --pairs 1,2,8,100, --inflight 1,100, --repeat N (default 1;
/// prints median and range when above 1), --throughput N (actor.default-dispatcher.throughput; default from config),
/// --strict (fail on a lost wakeup instead of nudging the stuck actor; see <see cref="PingPongRig"/>), --no-tell (skip the
/// bytes-per-Tell part, e.g. when profiling ping-pong alone).
/// </summary>
internal static class ActorsQuick
{
    private const long MessagesPerRound = 100_000;

    public static int Run(string[] args)
    {
        try
        {
            return RunChecked(args);
        }
        catch (LostWakeupException e)
        {
            Console.WriteLine();
            Console.WriteLine($"--strict: {e.Message}");
            return 1;
        }
    }

    private static int RunChecked(string[] args)
    {
        double seconds = 2.5;
        int[] pairsList = [1, 2, 8, 100];
        int[] inFlightList = [1, 100];
        var repeat = 1;
        int? throughput = null;
        var strict = false;
        var tell = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--pairs": pairsList = ParseList(Next()); break;
                case "--inflight": inFlightList = ParseList(Next()); break;
                case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--throughput": throughput = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--strict": strict = true; break;
                case "--no-tell": tell = false; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; options: --seconds S --pairs 1,2,8,100 --inflight 1,100 --repeat N --throughput N --strict --no-tell");
                    return 2;
            }
        }

        Console.WriteLine($"actors-quick: {RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical CPUs, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode}), " +
            $"throughput={(throughput?.ToString(CultureInfo.InvariantCulture) ?? "config default")}, {seconds:0.##} s per run, {repeat} run(s)");
        Console.WriteLine();
        Console.WriteLine($"{"pairs",5} {"in-flight",9} {"msg/s (median)",15} {"min",12} {"max",12} {"B/msg",7} {"gen0/s",7} {"stalls",6} {"lost",5}  runs (msg/s)");

        foreach (var pairs in pairsList)
        foreach (var inFlight in inFlightList)
        {
            var runs = new List<Measurement>();
            for (var r = 0; r < repeat; r++) runs.Add(MeasurePingPong(pairs, inFlight, seconds, throughput, strict));
            var rates = runs.Select(m => m.PerSecond).Order().ToArray();
            var bytes = runs.Select(m => m.BytesPerOp).Order().ToArray();
            var gen0 = runs.Select(m => m.Gen0PerSecond).Order().ToArray();
            Console.WriteLine($"{pairs,5} {inFlight,9} {Median(rates),15:N0} {rates[0],12:N0} {rates[^1],12:N0} {Median(bytes),7:0.###} {Median(gen0),7:0.#} {runs.Sum(m => m.Stalls),6} {runs.Sum(m => m.LostWakeups),5}  " +
                string.Join(" ", runs.Select(m => m.PerSecond.ToString("N0", CultureInfo.InvariantCulture))));
        }

        if (tell)
        {
            Console.WriteLine();
            Console.WriteLine($"{"tell",-30} {"tells/s (median)",16} {"B/tell (median)",15} {"stalls",6} {"lost",5}  runs (B/tell)");
            foreach (var (name, fresh) in new[] { ("preallocated message", false), ("new 24 B message per Tell", true) })
            {
                var runs = new List<Measurement>();
                for (var r = 0; r < repeat; r++) runs.Add(MeasureTell(fresh, Math.Min(seconds, 1.5), throughput, strict));
                var rates = runs.Select(m => m.PerSecond).Order().ToArray();
                var bytes = runs.Select(m => m.BytesPerOp).Order().ToArray();
                Console.WriteLine($"{name,-30} {Median(rates),16:N0} {Median(bytes),15:0.###} {runs.Sum(m => m.Stalls),6} {runs.Sum(m => m.LostWakeups),5}  " +
                    string.Join(" ", runs.Select(m => m.BytesPerOp.ToString("0.###", CultureInfo.InvariantCulture))));
            }
        }
        Console.WriteLine();
        Console.WriteLine("B/msg, B/tell: GC.GetTotalAllocatedBytes(true) delta / messages, all threads. stalls: actors nudged after " +
            $"making no progress (at once on a lost wakeup, else after {PingPongRig.StallThreshold.TotalMilliseconds:0} ms), warm-up included, " +
            "stalled time included in msg/s. lost: those stalls that were lost wakeups (no turn running or scheduled, messages queued).");
        return 0;
    }

    /// <summary>
    /// Rates over the measured period. <paramref name="Stalls"/> (warm-up included) counts actors nudged after making no
    /// progress for <see cref="PingPongRig.StallThreshold"/>; <paramref name="LostWakeups"/> those of them whose mailbox was
    /// idle with messages queued and no turn running that could still schedule it.
    /// </summary>
    private readonly record struct Measurement(double PerSecond, double BytesPerOp, double Gen0PerSecond, long Stalls, long LostWakeups);

    private static Measurement MeasurePingPong(int pairs, int inFlight, double seconds, int? throughput, bool strict)
    {
        var roundTrips = (int)Math.Max(1, MessagesPerRound / (2 * pairs));
        using var rig = new PingPongRig(pairs, inFlight, roundTrips, throughput, recoverStalls: !strict);
        return Measure(rig.RunRound, rig.MessagesPerRound, seconds) with { Stalls = rig.Stalls, LostWakeups = rig.LostWakeups };
    }

    private static Measurement MeasureTell(bool freshMessage, double seconds, int? throughput, bool strict)
    {
        const int tellsPerBatch = 100_000;
        var system = PingPongRig.CreateSystem("tell-alloc", throughput);
        using var probe = new CountingProbe { RecoverStalls = !strict };
        var sink = system.ActorOf(Props.Create(() => new CountingSink(probe)), "sink");
        var message = new TellAllocationBenchmarks.SmallMessage(42);
        try
        {
            var measurement = Measure(() =>
            {
                probe.Expect(tellsPerBatch);
                if (freshMessage)
                    for (var i = 0; i < tellsPerBatch; i++) sink.Tell(new TellAllocationBenchmarks.SmallMessage(i), null);
                else
                    for (var i = 0; i < tellsPerBatch; i++) sink.Tell(message, null);
                probe.Wait(sink);
            }, tellsPerBatch, seconds);
            return measurement with { Stalls = probe.Stalls, LostWakeups = probe.LostWakeups };
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Runs <paramref name="round"/> for a short warm-up, then for <paramref name="seconds"/>.</summary>
    private static Measurement Measure(Action round, long opsPerRound, double seconds)
    {
        var warmup = Stopwatch.StartNew();
        do round(); while (warmup.Elapsed.TotalSeconds < Math.Min(0.5, seconds / 4));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gen0Before = GC.CollectionCount(0);
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        long ops = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            round();
            ops += opsPerRound;
        } while (clock.Elapsed.TotalSeconds < seconds);
        var elapsed = clock.Elapsed.TotalSeconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        return new Measurement(ops / elapsed, (double)bytes / ops, gen0 / elapsed, 0, 0);
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    private static int[] ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
