using System.Net.Sockets;

namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>
/// A RESP server process this test started on 127.0.0.1 (our node or redis-server), in its own temp directory.
/// Ready once its port answers PING; stopped with SHUTDOWN NOSAVE, then killed if it is still running.
/// </summary>
public abstract class ServerProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    protected ServerProcess(ChildProcess process, int port, string directory, string? password)
    {
        Process = process;
        Port = port;
        Directory = directory;
        Password = password;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    /// <summary>The server's temp working directory, deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>requirepass, when the server was started with one (needed to shut it down).</summary>
    public string? Password { get; }

    /// <summary>
    /// Polls until the port answers PING (PONG, or NOAUTH when a password is set), failing early if the process exits.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = new Deadline(timeout);
        Exception? last = null;
        while (!deadline.Passed)
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"{Describe()} exited with {Process.ExitCode} before answering PING\n{Process.AllOutput}");
            try
            {
                using var client = await RespClient.ConnectAsync(Port, deadline.Remaining);
                var reply = await client.CommandAsync("PING");
                if (reply.Text == "PONG" || reply.Text.StartsWith("NOAUTH", StringComparison.Ordinal)) return;
                last = new InvalidOperationException($"PING answered {reply}");
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException or EndOfStreamException or OperationCanceledException)
            {
                last = e;
            }
            // Not listening yet: try again shortly (bounded by the deadline).
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        throw new TimeoutException($"{Describe()} did not answer PING within {timeout}: {last?.Message}\n{Process.AllOutput}");
    }

    protected abstract string Describe();

    public Task<RespClient> ConnectAsync() => RespClient.ConnectAsync(Port);

    /// <summary>SHUTDOWN NOSAVE (or <paramref name="mode"/>) over RESP; false if the server did not exit in time.</summary>
    public async Task<bool> ShutdownAsync(string mode = "NOSAVE")
    {
        if (Process.HasExited) return true;
        try
        {
            using var client = await RespClient.ConnectAsync(Port, TimeSpan.FromSeconds(5));
            if (Password is not null) await client.CommandAsync("AUTH", Password);
            await client.SendCommandAsync("SHUTDOWN", mode);
            // A successful SHUTDOWN answers nothing: the connection just closes.
            await client.ReadToEndAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or EndOfStreamException or OperationCanceledException)
        {
            // Already gone or unresponsive: the kill below deals with it.
        }
        return await Process.WaitForExitAsync(StopTimeout);
    }

    public void Dispose()
    {
        try
        {
            ShutdownAsync().GetAwaiter().GetResult();
        }
        finally
        {
            Process.Dispose(); // kills it if SHUTDOWN did not stop it
            TestPaths.DeleteDirectory(Directory);
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Our node: <c>dotnet ActorReplication.Node.dll --port P [args]</c>.</summary>
public sealed class NodeProcess : ServerProcess
{
    private NodeProcess(ChildProcess process, int port, string directory, string? password)
        : base(process, port, directory, password)
    {
    }

    /// <summary>Starts a node on a free port with <paramref name="extraArguments"/> and waits until it answers PING.</summary>
    public static async Task<NodeProcess> StartAsync(params string[] extraArguments)
    {
        // A free port can be taken by someone else between asking and binding: try another one then.
        for (var attempt = 1; ; attempt++)
        {
            var node = Launch(extraArguments);
            try
            {
                await node.WaitUntilReadyAsync(StartTimeout);
                return node;
            }
            catch (InvalidOperationException) when (attempt < 3 && node.Process.AllOutput.Contains("Could not listen", StringComparison.Ordinal))
            {
                node.Dispose();
            }
            catch
            {
                node.Dispose();
                throw;
            }
        }
    }

    /// <summary>Starts the node process without waiting for it (start-up tests wait for exit or output themselves).</summary>
    public static NodeProcess Launch(params string[] extraArguments) => LaunchOnPort(FreePort.Next(), extraArguments);

    /// <summary>Starts the node process on <paramref name="port"/> (a restart where the old one listened) without waiting for it.</summary>
    public static NodeProcess LaunchOnPort(int port, params string[] extraArguments)
    {
        var directory = TestPaths.NewTempDirectory("ar-node");
        var arguments = new List<string> { TestPaths.NodeDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        arguments.AddRange(extraArguments);
        var password = PasswordOf(extraArguments);
        return new NodeProcess(ChildProcess.Start("dotnet", arguments, directory), port, directory, password);
    }

    private static string? PasswordOf(string[] arguments)
    {
        var i = Array.IndexOf(arguments, "--requirepass");
        return i >= 0 && i + 1 < arguments.Length ? arguments[i + 1] : null;
    }

    protected override string Describe() => $"node on port {Port} (pid {Process.Id})";
}

/// <summary>The reference: <c>redis-server --port P --bind 127.0.0.1 --save '' --appendonly no --daemonize no</c> in a temp dir.</summary>
public sealed class RedisServerProcess : ServerProcess
{
    private RedisServerProcess(ChildProcess process, int port, string directory, string? password)
        : base(process, port, directory, password)
    {
    }

    public static async Task<RedisServerProcess> StartAsync(params string[] extraArguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var directory = TestPaths.NewTempDirectory("ar-redis");
            var arguments = new List<string>
            {
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
            };
            arguments.AddRange(extraArguments);
            var i = Array.IndexOf(extraArguments, "--requirepass");
            var server = new RedisServerProcess(ChildProcess.Start("redis-server", arguments, directory), port, directory,
                i >= 0 ? extraArguments[i + 1] : null);
            try
            {
                await server.WaitUntilReadyAsync(StartTimeout);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Process.AllOutput.Contains("Address already in use", StringComparison.Ordinal))
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    protected override string Describe() => $"redis-server on port {Port} (pid {Process.Id})";
}
