using System.Diagnostics;
using System.Globalization;
using ActorReplication.Client;

namespace ActorReplication.Benchmarks.Client;

/// <summary>
/// <c>client-throughput --seeds a,b,c [--seconds 10] [--callers 1,16] [--ops set,get] [--read-from replicas|master]</c>:
/// SET and GET through <see cref="CacheClient"/> against a running cluster, each caller awaiting one request at a time
/// (like redis-benchmark -c N -P 1). Prints one line per (op, callers): ops/s and p50/p99 in ms. Used by
/// client-vs-resp.sh, which runs redis-benchmark on the master's RESP port in the same run.
/// </summary>
public static class ClientThroughput
{
    public static int Run(string[] args)
    {
        var seeds = Arg(args, "--seeds", "127.0.0.1:16379").Split(',');
        var seconds = double.Parse(Arg(args, "--seconds", "10"), CultureInfo.InvariantCulture);
        var callers = Arg(args, "--callers", "1,16").Split(',').Select(int.Parse).ToArray();
        var ops = Arg(args, "--ops", "set,get").Split(',');
        var readFrom = Arg(args, "--read-from", "replicas") == "master" ? ReadFrom.Master : ReadFrom.Replicas;
        return RunAsync(seeds, TimeSpan.FromSeconds(seconds), callers, ops, readFrom).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string[] seeds, TimeSpan duration, int[] callers, string[] ops, ReadFrom readFrom)
    {
        await using var client = await CacheClient.ConnectAsync(seeds, new CacheClientOptions { ReadFrom = readFrom });
        Console.WriteLine($"# master {client.Topology.Master?.RespEndpoint}, replicas {string.Join(",", client.Topology.Replicas.Select(r => r.RespEndpoint))}, reads from {readFrom}");
        var value = new string('x', 64);
        for (var i = 0; i < 1000; i++) await client.SetAsync("key:" + i, value);
        foreach (var op in ops)
        {
            foreach (var n in callers)
            {
                Func<int, Task> call = op == "get" ? i => client.GetAsync("key:" + (i % 1000)) : i => client.SetAsync("key:" + (i % 1000), value);
                await MeasureAsync(call, n, TimeSpan.FromSeconds(1)); // warm-up
                var (count, latencies) = await MeasureAsync(call, n, duration);
                latencies.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"client {op} callers={n} ops/s={count / duration.TotalSeconds:0} p50={Percentile(latencies, 0.50):0.00}ms p99={Percentile(latencies, 0.99):0.00}ms"));
            }
        }
        return 0;
    }

    private static async Task<(long Count, List<double> LatenciesMs)> MeasureAsync(Func<int, Task> call, int callers, TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, callers).Select(w => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var i = w * 7919;
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i++);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return latencies;
        })).ToArray();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToList();
        return (all.Count, all);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
