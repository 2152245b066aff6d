using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote;
using Akka.Configuration;

namespace ActorReplication.Benchmarks.Remote;

/// <summary>
/// <c>remote-2proc</c>: remote ping-pong between two processes on loopback (no BenchmarkDotNet). The parent starts a
/// copy of this executable as <c>remote-2proc-ponger --port P</c> (system <c>bench-b</c> on 127.0.0.1:P with 10
/// pongers), waits for its READY line, then for pairs × in-flight in {1,10} × {1,100} runs pingers on its own system
/// (<c>bench-a</c>) for a warm-up and a fixed wall time, and prints messages/s (every ping and every pong counts),
/// wire bytes per message (the parent transport's bytes sent + received, heartbeats included) and bytes allocated per
/// message in the parent process (GC.GetTotalAllocatedBytes(true) delta). The ball and serializer are
/// <see cref="RemoteBall"/> / <see cref="RemoteBallSerializer"/>, as in <see cref="RemotePingPongRig"/>.
/// The child exits on a "stop" line or when its stdin closes; the parent kills it if it does not.
/// Options: --seconds S (per measurement, default 2), --warmup S (default 0.5).
/// </summary>
internal static class RemoteTwoProcess
{
    private const int MaxPairs = 10;
    private const string Ready = "READY";

    public static int RunParent(string[] args)
    {
        var seconds = 2.0;
        var warmup = 0.5;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var port = FreePort();
        using var child = StartChild(port);
        void KillChild(object? sender, EventArgs e)
        {
            try { if (!child.HasExited) child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        AppDomain.CurrentDomain.ProcessExit += KillChild;
        Console.CancelKeyPress += KillChild;
        try
        {
            return Measure(port, child, seconds, warmup);
        }
        finally
        {
            StopChild(child);
            AppDomain.CurrentDomain.ProcessExit -= KillChild;
            Console.CancelKeyPress -= KillChild;
        }
    }

    private static int Measure(int port, Process child, double seconds, double warmup)
    {
        var system = ActorSystem.Create("bench-a", HoconFiles.ParseString("""
            actor { loglevel = warning, serialize-messages = off }
            remote { hostname = "127.0.0.1", port = 0 }
            """));
        var transport = RemoteTransport.Start(system);
        transport.Serialization.Register<RemoteBall>(new RemoteBallSerializer());
        try
        {
            var pongers = new IActorRef[MaxPairs];
            for (var i = 0; i < MaxPairs; i++)
            {
                pongers[i] = system.ActorSelection($"ar.tcp://bench-b@127.0.0.1:{port}/user/ponger-{i}")
                    .ResolveOne(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }

            Console.WriteLine($"// remote-2proc: parent pid {Environment.ProcessId}, ponger pid {child.Id} on 127.0.0.1:{port}; " +
                $"{warmup:0.0} s warm-up, {seconds:0.0} s measured; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine("| pairs | in flight | msg/s | wire B/msg | parent allocated B/msg |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
            var run = 0;
            foreach (var pairs in new[] { 1, 10 })
            {
                foreach (var inFlight in new[] { 1, 100 })
                {
                    if (child.HasExited) throw new InvalidOperationException($"ponger process exited with {child.ExitCode}");
                    var r = MeasureOne(system, transport, pongers, pairs, inFlight, seconds, warmup, run++);
                    Console.WriteLine($"| {pairs} | {inFlight} | {r.MsgPerSec:N0} | {r.WireBytesPerMsg:0.0} | {r.AllocPerMsg:0.0} |");
                }
            }
            return 0;
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            transport.WhenStopped.Wait(TimeSpan.FromSeconds(10));
        }
    }

    private static (double MsgPerSec, double WireBytesPerMsg, double AllocPerMsg) MeasureOne(
        ActorSystem system, RemoteTransport transport, IActorRef[] pongers, int pairs, int inFlight, double seconds,
        double warmup, int run)
    {
        var control = new Control();
        var counters = new PairCounters[pairs];
        var pingers = new IActorRef[pairs];
        for (var i = 0; i < pairs; i++)
        {
            var counter = counters[i] = new PairCounters();
            var ponger = pongers[i];
            pingers[i] = system.ActorOf(Props.Create(() => new Pinger(ponger, inFlight, counter, control)), $"pinger-{run}-{i}");
        }
        foreach (var pinger in pingers) pinger.Tell(Start.Instance, null);
        Thread.Sleep(TimeSpan.FromSeconds(warmup));

        var stats0 = transport.GetStatistics();
        var received0 = TotalReceived(counters);
        var alloc0 = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var received1 = TotalReceived(counters);
        var elapsed = clock.Elapsed.TotalSeconds;
        var alloc1 = GC.GetTotalAllocatedBytes(true);
        var stats1 = transport.GetStatistics();

        // Drain: no new pings; wait (bounded) until every ping has come back, then stop the pingers.
        control.Stopping = true;
        var drain = Stopwatch.StartNew();
        while (counters.Any(c => Volatile.Read(ref c.Sent) != Volatile.Read(ref c.Received)))
        {
            if (drain.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("pongs did not all come back within 30 s");
            Thread.Sleep(10);
        }
        foreach (var pinger in pingers) system.Stop(pinger);

        var messages = 2.0 * (received1 - received0); // a ping and its pong per round trip
        var wire = (stats1.BytesSent - stats0.BytesSent) + (stats1.BytesReceived - stats0.BytesReceived);
        return (messages / elapsed, wire / Math.Max(1, messages), (alloc1 - alloc0) / Math.Max(1, messages));
    }

    private static long TotalReceived(PairCounters[] counters)
    {
        long total = 0;
        foreach (var c in counters) total += Volatile.Read(ref c.Received);
        return total;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Process StartChild(int port)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under the dotnet host, run our own dll; under the apphost, the executable itself.
        if (string.Equals(Path.GetFileNameWithoutExtension(exe), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(RemoteTwoProcess).Assembly.Location);
        }
        info.ArgumentList.Add("remote-2proc-ponger");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var child = new Process { StartInfo = info, EnableRaisingEvents = true };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data == Ready) ready.TrySetResult();
            else if (e.Data is not null) Console.WriteLine($"// ponger: {e.Data}");
        };
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"// ponger: {e.Data}"); };
        child.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("ponger process exited before it was ready"));
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            if (!ready.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("ponger process not ready within 30 s");
        }
        catch
        {
            StopChild(child);
            child.Dispose();
            throw;
        }
        return child;
    }

    private static void StopChild(Process child)
    {
        try
        {
            if (child.HasExited) return;
            try
            {
                child.StandardInput.WriteLine("stop");
                child.StandardInput.Close();
            }
            catch (IOException) { }
            if (!child.WaitForExit(TimeSpan.FromSeconds(10))) child.Kill(entireProcessTree: true);
            child.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException) { }
    }

    /// <summary><c>remote-2proc-ponger --port P</c>: the child side; exits on a "stop" line or end of stdin.</summary>
    public static int RunPonger(string[] args)
    {
        var port = -1;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--port") port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else { Console.Error.WriteLine($"unknown option {args[i]}"); return 2; }
        }
        if (port <= 0) { Console.Error.WriteLine("--port P is required"); return 2; }

        var system = ActorSystem.Create("bench-b", HoconFiles.ParseString($$"""
            actor { loglevel = warning, serialize-messages = off }
            remote { hostname = "127.0.0.1", port = {{port}} }
            """));
        var transport = RemoteTransport.Start(system);
        transport.Serialization.Register<RemoteBall>(new RemoteBallSerializer());
        for (var i = 0; i < MaxPairs; i++) system.ActorOf(Props.Create(() => new Ponger()), $"ponger-{i}");
        Console.WriteLine(Ready);
        Console.Out.Flush();

        string? line;
        while ((line = Console.In.ReadLine()) is not null && line.Trim() != "stop") { }

        system.Terminate().Wait(TimeSpan.FromSeconds(10));
        transport.WhenStopped.Wait(TimeSpan.FromSeconds(10));
        return 0;
    }

    private sealed class Control
    {
        public volatile bool Stopping;
    }

    private sealed class PairCounters
    {
        public long Sent;
        public long Received;
    }

    private sealed class Start : INoSerializationVerificationNeeded
    {
        public static readonly Start Instance = new();
    }

    private sealed class Pinger : ReceiveActor
    {
        public Pinger(IActorRef ponger, int inFlight, PairCounters counters, Control control)
        {
            Receive<Start>(_ =>
            {
                for (var i = 0; i < inFlight; i++) ponger.Tell(RemoteBall.Instance, Self);
                Volatile.Write(ref counters.Sent, counters.Sent + inFlight);
            });
            Receive<RemoteBall>(_ =>
            {
                if (!control.Stopping)
                {
                    Volatile.Write(ref counters.Sent, counters.Sent + 1);
                    ponger.Tell(RemoteBall.Instance, Self);
                }
                Volatile.Write(ref counters.Received, counters.Received + 1);
            });
        }
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => Receive<RemoteBall>(ball => Sender.Tell(ball, Self));
    }
}
