#:project ../../../src/ActorReplication.Cluster/ActorReplication.Cluster.csproj
#:property PublishAot=false
// Cluster membership figures for docs/benchmarks.md (## Cluster). A measuring program, not a test: no thresholds.
//
//   dotnet run -c Release tests/ActorReplication.Cluster.Tests/Bench/cluster-bench.cs -- converge [runs]
//     5 actor systems in this process, remoting over loopback TCP, DEFAULT cluster settings; all five started at
//     once with the first two as seeds. Time from Cluster.Start until every node sees all five Up, reachable and
//     the gossip seen by all (convergence), and when the first seed formed the cluster.
//
//   dotnet build -c Release src/ActorReplication.Node
//   dotnet run -c Release tests/ActorReplication.Cluster.Tests/Bench/cluster-bench.cs -- kill [runs]
//     Three node processes from copies of hocon/master.conf, replica-1.conf, replica-2.conf (free ports, otherwise
//     as shipped: DEFAULT failure detector and stable-after, downing keep-majority). Once all are Up, SIGKILL
//     replica-2 and poll INFO membership on the other two every 20 ms: time until replica-2 shows reachable=0, and
//     until it is gone from the member list, on both.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ActorReplication.Actors;
using ActorReplication.Cluster;
using ActorReplication.Configuration;
using ActorReplication.Remote;
using Akka.Configuration;
using ClusterNode = ActorReplication.Cluster.Cluster;

var mode = args.Length > 0 ? args[0] : "converge";
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
Console.WriteLine($"{mode}: {runs} runs, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
switch (mode)
{
    case "converge":
        await Converge(runs);
        break;
    case "kill":
        await Kill(runs);
        break;
    default:
        Console.Error.WriteLine("usage: cluster-bench.cs converge|kill [runs]");
        return 2;
}
return 0;

static async Task Converge(int runs)
{
    var totals = new List<double>();
    var formed = new List<double>();
    for (var run = 1; run <= runs; run++)
    {
        var systems = Enumerable.Range(1, 5).Select(i => ActorSystem.Create("node" + i, HoconFiles.ParseString("""
            remote { hostname = "127.0.0.1", port = 0 }
            actor.loglevel = warning
            """))).ToArray();
        try
        {
            var remotes = systems.Select(RemoteTransport.Start).ToArray();
            var seeds = remotes.Take(2).Select(r => r.Address).ToArray();
            var settings = ClusterSettings.FromConfig(Config.Empty) with { SeedNodes = [.. seeds] };
            var clock = Stopwatch.StartNew();
            var clusters = systems.Select(s => ClusterNode.Start(s, settings)).ToArray();
            double? firstFormed = null;
            while (true)
            {
                firstFormed ??= clusters[0].SelfMember is not null ? clock.Elapsed.TotalSeconds : null;
                var states = await Task.WhenAll(clusters.Select(c => c.GetStateAsync(TimeSpan.FromSeconds(10))));
                if (states.All(s => s.Members.Count == 5 && s.Members.All(m => m.Status == MemberStatus.Up) && s.Unreachable.IsEmpty && s.SeenBy.Count == 5))
                    break;
                if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("no convergence within 2 minutes");
                await Task.Delay(10);
            }
            var total = clock.Elapsed.TotalSeconds;
            totals.Add(total);
            formed.Add(firstFormed ?? total);
            Console.WriteLine($"run {run}: converged after {total:0.00} s (first seed formed the cluster at {firstFormed:0.00} s)");
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate()));
        }
    }
    Console.WriteLine($"5 nodes converged: median {Median(totals):0.00} s, range {totals.Min():0.00}-{totals.Max():0.00} s; " +
                      $"first seed formed the cluster: median {Median(formed):0.00} s; from then: median {Median(totals.Zip(formed, (t, f) => t - f).ToList()):0.00} s");
}

static async Task Kill(int runs)
{
    var root = FindRoot();
    var dll = Path.Combine(root, "src", "ActorReplication.Node", "bin", "Release", "net10.0", "ActorReplication.Node.dll");
    if (!File.Exists(dll)) throw new FileNotFoundException("Build the node first: dotnet build -c Release src/ActorReplication.Node", dll);
    var unreachable = new List<double>();
    var removed = new List<double>();
    for (var run = 1; run <= runs; run++)
    {
        var dir = Directory.CreateTempSubdirectory("ar-cluster-bench-").FullName;
        var ports = new Dictionary<int, int>();
        foreach (var shipped in new[] { 6379, 6380, 6381, 16379, 16380, 16381 }) ports[shipped] = FreePort(ports.Values);
        var names = new[] { "master", "replica-1", "replica-2" };
        var processes = new List<Process>();
        try
        {
            foreach (var name in names)
            {
                var text = File.ReadAllText(Path.Combine(root, "hocon", name + ".conf"));
                text = Regex.Replace(text, @"(?<![0-9])(6379|6380|6381|16379|16380|16381)(?![0-9])", m => ports[int.Parse(m.Value, CultureInfo.InvariantCulture)].ToString(CultureInfo.InvariantCulture));
                var file = Path.Combine(dir, name + ".conf");
                File.WriteAllText(file, text);
                var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
                foreach (var a in new[] { dll, "--config", file, "--logfile", Path.Combine(dir, name + ".log") }) info.ArgumentList.Add(a);
                processes.Add(Process.Start(info)!);
            }
            var resp = new[] { ports[6379], ports[6380], ports[6381] };
            var victim = $"ar.tcp://node@127.0.0.1:{ports[16381]}";
            var start = Stopwatch.StartNew();
            while (!(await Task.WhenAll(resp.Select(TryInfo))).All(t => t is not null && t.Contains("members:3") && Regex.Matches(t, "status=up,").Count == 3 && !t.Contains("reachable=0")))
            {
                if (start.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the three nodes did not come up");
                await Task.Delay(50);
            }
            processes[2].Kill(); // SIGKILL
            var clock = Stopwatch.StartNew();
            double?[] seenUnreachable = [null, null], seenRemoved = [null, null];
            while (seenRemoved.Any(r => r is null))
            {
                for (var i = 0; i < 2; i++)
                {
                    var text = await TryInfo(resp[i]) ?? "";
                    var line = text.Split('\n').FirstOrDefault(l => l.Contains("address=" + victim + ","));
                    if (line is not null && line.Contains("reachable=0")) seenUnreachable[i] ??= clock.Elapsed.TotalSeconds;
                    if (line is null && text.Contains("members:2")) { seenUnreachable[i] ??= clock.Elapsed.TotalSeconds; seenRemoved[i] ??= clock.Elapsed.TotalSeconds; }
                }
                if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the killed node was not removed within 2 minutes");
                await Task.Delay(20);
            }
            unreachable.AddRange(seenUnreachable.Select(x => x!.Value));
            removed.AddRange(seenRemoved.Select(x => x!.Value));
            Console.WriteLine($"run {run}: unreachable after {seenUnreachable[0]:0.00} / {seenUnreachable[1]:0.00} s, removed after {seenRemoved[0]:0.00} / {seenRemoved[1]:0.00} s (master / replica-1)");
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited) p.Kill();
                p.WaitForExit(10_000);
                p.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }
    Console.WriteLine($"kill -9 -> unreachable: median {Median(unreachable):0.00} s, range {unreachable.Min():0.00}-{unreachable.Max():0.00} s; " +
                      $"-> removed: median {Median(removed):0.00} s, range {removed.Min():0.00}-{removed.Max():0.00} s ({unreachable.Count} observations)");
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

static int FreePort(IEnumerable<int> taken)
{
    while (true)
    {
        using var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        l.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)l.LocalEndPoint!).Port;
        if (!taken.Contains(port)) return port;
    }
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "ActorReplication.sln"))) return d.FullName;
    throw new InvalidOperationException("run from inside the repository");
}

// INFO membership over RESP (one connection per poll; null while the node does not answer).
static async Task<string?> TryInfo(int port)
{
    try
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        await socket.SendAsync("*2\r\n$4\r\nINFO\r\n$10\r\nmembership\r\n"u8.ToArray(), SocketFlags.None, cts.Token);
        var buffer = new byte[64 * 1024];
        var read = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            if (n == 0) return null;
            read += n;
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            var eol = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (eol < 0 || text[0] != '$') continue;
            var length = int.Parse(text[1..eol], CultureInfo.InvariantCulture);
            if (read >= eol + 2 + length) return text.Substring(eol + 2, length);
        }
    }
    catch (Exception e) when (e is SocketException or OperationCanceledException)
    {
        return null;
    }
}
