using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks.Sources;
using ActorReplication.Cache.Dispatch;
using Akka.Actor;
using Akka.Configuration;

namespace ActorReplication.Benchmarks.Dispatch;

/// <summary>
/// <c>akka-dispatcher-quick [--callers N] [--seconds S] [--rounds R]</c>: the keyspace's calling pattern on Akka.NET —
/// N non-actor callers (as RESP connections are), each telling one actor a request with a reusable completion and
/// awaiting it — on the default dispatcher and on <see cref="KeyspaceDispatcher"/> (inline when idle), alternating in
/// one process. Prints requests/s and allocated bytes per request for each.
/// </summary>
internal static class KeyspaceDispatcherQuick
{
    public static int Run(string[] args)
    {
        var callers = IntOption(args, "--callers", 50);
        var seconds = IntOption(args, "--seconds", 3);
        var rounds = IntOption(args, "--rounds", 3);
        using var system = ActorSystem.Create("bench", KeyspaceDispatcher.Config.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        var onDefault = system.ActorOf(Props.Create(() => new Responder()));
        var inline = system.ActorOf(Props.Create(() => new Responder()).WithDispatcher(KeyspaceDispatcher.Id));
        Measure(onDefault, callers, 1).GetAwaiter().GetResult(); // warm-up: JIT, thread pool
        Measure(inline, callers, 1).GetAwaiter().GetResult();
        Console.WriteLine($"{callers} non-actor callers, {seconds} s per measurement, {Environment.ProcessorCount} cores");
        for (var round = 1; round <= rounds; round++)
        {
            Report(round, "default-dispatcher", Measure(onDefault, callers, seconds).GetAwaiter().GetResult());
            Report(round, "inline-when-idle", Measure(inline, callers, seconds).GetAwaiter().GetResult());
        }
        return 0;
    }

    private static void Report(int round, string name, (double PerSecond, double BytesPerOp) result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round} {name,-20} {result.PerSecond / 1e6,6:F2} M req/s  {result.BytesPerOp,6:F1} B/req"));

    private static async Task<(double, double)> Measure(IActorRef actor, int callers, int seconds)
    {
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        var allocated = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => CallerLoop(actor, stop))));
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = counts.Sum();
        return (total / elapsed, (GC.GetTotalAllocatedBytes(true) - allocated) / (double)total);
    }

    private static async Task<long> CallerLoop(IActorRef actor, DateTime stop)
    {
        var request = new Request();
        long done = 0;
        while ((done & 255) != 0 || DateTime.UtcNow < stop)
        {
            var completion = request.Prepare();
            actor.Tell(request);
            await completion;
            done++;
        }
        return done;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Reused by its caller, like the connection's ExecuteBatch: no allocation per request.</summary>
    private sealed class Request : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _done = new() { RunContinuationsAsynchronously = true };

        public ValueTask Prepare()
        {
            _done.Reset();
            return new ValueTask(this, _done.Version);
        }

        public void Complete() => _done.SetResult(true);

        void IValueTaskSource.GetResult(short token) => _done.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _done.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _done.OnCompleted(continuation, state, token, flags);
    }

    private sealed class Responder : ReceiveActor
    {
        public Responder() => Receive<Request>(r => r.Complete());
    }
}
