using System.Globalization;
using System.Runtime.InteropServices;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// One of our nodes for the replication tests: a <see cref="NodeProcess"/> on a free port with its log in a file, plus
/// what these tests ask of it — INFO fields, commands, the log, and SIGSTOP/SIGCONT of this process only.
/// </summary>
public sealed class ReplNode : IAsyncDisposable
{
    public static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(60);

    private readonly string _logDirectory;
    private bool _stopped;

    private ReplNode(NodeProcess process, string logDirectory, string logFile)
    {
        Process = process;
        _logDirectory = logDirectory;
        LogFile = logFile;
    }

    public NodeProcess Process { get; }

    public int Port => Process.Port;

    public string LogFile { get; }

    public string Log => File.Exists(LogFile) ? ReadShared(LogFile) : "";

    /// <summary>Starts a node (a master unless the arguments say otherwise) with a log file; repl-diskless-sync-delay 0 unless given.</summary>
    public static Task<ReplNode> StartAsync(params string[] arguments) => StartAsync(null, arguments);

    /// <summary>As <see cref="StartAsync(string[])"/>, on <paramref name="port"/> (a restart on the port the replicas follow).</summary>
    public static Task<ReplNode> StartOnPortAsync(int port, params string[] arguments) => StartAsync(port, arguments);

    private static async Task<ReplNode> StartAsync(int? port, string[] arguments)
    {
        var logDirectory = TestPaths.NewTempDirectory("ar-repl-log");
        var logFile = Path.Combine(logDirectory, "node.log");
        var all = new List<string> { "--logfile", logFile };
        if (!arguments.Any(a => a.Contains("repl-diskless-sync-delay", StringComparison.Ordinal)))
            all.AddRange(["--set", "replication.repl-diskless-sync-delay=0s"]);
        all.AddRange(arguments);
        try
        {
            if (port is null) return new ReplNode(await NodeProcess.StartAsync([.. all]), logDirectory, logFile);
            var process = NodeProcess.LaunchOnPort(port.Value, [.. all]);
            try
            {
                await process.WaitUntilReadyAsync(ServerProcess.StartTimeout);
            }
            catch
            {
                process.Dispose();
                throw;
            }
            return new ReplNode(process, logDirectory, logFile);
        }
        catch
        {
            TestPaths.DeleteDirectory(logDirectory);
            throw;
        }
    }

    /// <summary>Starts several nodes at once.</summary>
    public static async Task<ReplNode[]> StartManyAsync(int count, params string[] arguments)
    {
        var starts = Enumerable.Range(0, count).Select(_ => StartAsync(arguments)).ToArray();
        try
        {
            return await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var s in starts)
                if (s.IsCompletedSuccessfully) await s.Result.DisposeAsync();
            throw;
        }
    }

    public async Task<Reply> CommandAsync(params string[] args)
    {
        using var client = await RespClient.ConnectAsync(Port);
        return await client.CommandAsync(args);
    }

    /// <summary>The reply's text; fails on an error reply.</summary>
    public async Task<string> TextAsync(params string[] args)
    {
        var reply = await CommandAsync(args);
        Assert.False(reply.IsError, $"{string.Join(' ', args)} on :{Port} answered {reply}");
        return reply.Text;
    }

    public async Task<Dictionary<string, string>> InfoAsync(string section)
    {
        var text = await TextAsync("INFO", section);
        var fields = new Dictionary<string, string>();
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#')) fields[line[..colon]] = line[(colon + 1)..];
        }
        return fields;
    }

    public async Task<long> InfoLongAsync(string section, string field)
    {
        var info = await InfoAsync(section);
        Assert.True(info.TryGetValue(field, out var value), $"INFO {section} on :{Port} has no {field}");
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    public async Task<(long Full, long PartialOk, long PartialErr)> SyncCountersAsync()
    {
        var stats = await InfoAsync("stats");
        return (long.Parse(stats["sync_full"], CultureInfo.InvariantCulture),
            long.Parse(stats["sync_partial_ok"], CultureInfo.InvariantCulture),
            long.Parse(stats["sync_partial_err"], CultureInfo.InvariantCulture));
    }

    public Task<string> DigestAsync() => TextAsync("DEBUG", "DIGEST");

    public Task ReplicaOfAsync(ReplNode master) => ExpectOkAsync("REPLICAOF", "127.0.0.1", master.Port.ToString(CultureInfo.InvariantCulture));

    public async Task ExpectOkAsync(params string[] args) => Assert.Equal("OK", await TextAsync(args));

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>SIGSTOP to this node's own process (the one this test started).</summary>
    public void Pause()
    {
        Assert.Equal(0, SysKill(Process.Process.Id, SigStop));
        _stopped = true;
    }

    public void Resume()
    {
        if (!_stopped) return;
        Assert.Equal(0, SysKill(Process.Process.Id, SigCont));
        _stopped = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) SysKill(Process.Process.Id, SigCont);
        await Task.Run(Process.Dispose);
        TestPaths.DeleteDirectory(_logDirectory);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public override string ToString() => $"node :{Port}";
}

/// <summary>Bounded polling for the replication tests (no sleeps as synchronisation: each wait has a deadline and says what it waited for).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = new Deadline(timeout);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or EndOfStreamException)
            {
                // a node paused or restarting: try again until the deadline
            }
            if (deadline.Passed) Assert.Fail($"Not within {timeout}: {await describe()}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// The replica's link is up, it has applied the master's whole stream (slave_repl_offset = the master's
    /// master_repl_offset, read first), and both hold the same data (DEBUG DIGEST).
    /// </summary>
    public static Task InSyncAsync(ReplNode master, ReplNode replica, TimeSpan? timeout = null) =>
        TrueAsync(async () =>
        {
            var m = await master.InfoAsync("replication");
            var r = await replica.InfoAsync("replication");
            return r.GetValueOrDefault("master_link_status") == "up"
                && r.GetValueOrDefault("master_sync_in_progress") == "0"
                && r.GetValueOrDefault("slave_repl_offset") == m["master_repl_offset"]
                && await master.DigestAsync() == await replica.DigestAsync();
        }, timeout ?? ReplNode.SyncTimeout, async () =>
            $"{replica} in sync with {master}\n--- master INFO ---\n{await SafeInfo(master)}\n--- replica INFO ---\n{await SafeInfo(replica)}\n" +
            $"--- master log ---\n{Tail(master.Log)}\n--- replica log ---\n{Tail(replica.Log)}");

    public static string Tail(string log, int lines = 40) => string.Join('\n', log.Split('\n').TakeLast(lines));

    private static async Task<string> SafeInfo(ReplNode node)
    {
        try
        {
            return await node.TextAsync("INFO", "replication");
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}
