using System.Globalization;
using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Cluster;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Readme;

/// <summary>
/// The local cluster as a newcomer gets it: <c>deploy/cluster.sh</c> itself starts and stops it, from copies of the
/// shipped node files whose ports (6379-6381, 16379-16381) are mapped to free ones, with its pid files and logs in a
/// temp directory and the node this test run built (no build). Commands from the README run with the same mapping.
/// </summary>
public sealed partial class ScriptedCluster : IAsyncDisposable
{
    public static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private readonly string _directory;
    private readonly IReadOnlyDictionary<int, int> _ports;

    private ScriptedCluster(string directory, IReadOnlyDictionary<int, int> ports)
    {
        _directory = directory;
        _ports = ports;
    }

    public string RunDirectory => Path.Combine(_directory, "run");

    public static readonly string[] NodeNames = ["master", "replica-1", "replica-2"];

    /// <summary>
    /// Runs <c>deploy/cluster.sh start</c> on the node files of <paramref name="filesDirectory"/> (relative to the
    /// repository root; the shipped ones by default), each first passed through <paramref name="adapt"/>; fails with
    /// the script's output unless it succeeds.
    /// </summary>
    public static async Task<ScriptedCluster> StartAsync(string filesDirectory = "hocon", Func<string, string>? adapt = null)
    {
        var directory = TestPaths.NewTempDirectory("ar-readme-cluster");
        // In the shipped ports' order, so that members list and the leader is chosen (by address) as the README shows.
        var free = HoconClusterNode.FreePorts();
        var ports = free.Keys.Order().Zip(free.Values.Order()).ToDictionary(p => p.First, p => p.Second);
        var cluster = new ScriptedCluster(directory, ports);
        foreach (var name in NodeNames)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, filesDirectory, name + ".conf"));
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".conf"), cluster.Map((adapt ?? (t => t))(text)));
        }
        var start = await cluster.ShellAsync("deploy/cluster.sh start");
        if (start.ExitCode != 0)
        {
            await cluster.DisposeAsync();
            Assert.Fail($"deploy/cluster.sh start failed\n{start}");
        }
        return cluster;
    }

    /// <summary>The text with every shipped port replaced by this cluster's.</summary>
    public string Map(string text) =>
        ShippedPort().Replace(text, m => _ports[int.Parse(m.Value, CultureInfo.InvariantCulture)].ToString(CultureInfo.InvariantCulture));

    /// <summary>One README command line (ports as shipped), run by bash from the repository root against this cluster.</summary>
    public async Task<CliResult> ShellAsync(string commandLine)
    {
        using var shell = ChildProcess.Start("env",
        [
            $"AR_CONF_DIR={_directory}", $"AR_RUN_DIR={RunDirectory}", $"AR_NODE_DLL={TestPaths.NodeDll}",
            "bash", "-c", Map(commandLine),
        ], TestPaths.RepositoryRoot);
        if (!await shell.WaitForExitAsync(ScriptTimeout))
            throw new TimeoutException($"{commandLine} did not finish within {ScriptTimeout}\n{shell.AllOutput}");
        return new CliResult(shell.ExitCode, shell.StandardOutput, shell.StandardError);
    }

    /// <summary><c>deploy/cluster.sh stop</c>: it stops only the nodes whose pid files it wrote for this cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ShellAsync("deploy/cluster.sh stop");
        }
        finally
        {
            TestPaths.DeleteDirectory(_directory);
        }
    }

    [GeneratedRegex("(?<![0-9])(6379|6380|6381|16379|16380|16381)(?![0-9])")]
    private static partial Regex ShippedPort();
}
