using System.Globalization;
using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Readme;
using ActorReplication.Integration.Tests.Replication;

namespace ActorReplication.Integration.Tests.Deploy;

/// <summary>
/// What an operator deploys with (deploy/systemd, deploy/Dockerfile, deploy/compose.yaml and its node files), checked
/// with the tools this machine has: <c>systemd-analyze verify</c> on the unit, the unit's and the image's command lines
/// run against the node this test run built, and the compose node files run as a cluster by deploy/cluster.sh (host
/// names and ports mapped to loopback and free ports). Docker itself is not run: there is no daemon here.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Deploy = Path.Combine(TestPaths.RepositoryRoot, "deploy");
    private static readonly string UnitTemplate = Path.Combine(Deploy, "systemd", "actorreplication@.service");

    [Fact]
    public async Task The_systemd_unit_template_passes_systemd_analyze_verify()
    {
        var unit = await File.ReadAllTextAsync(UnitTemplate);
        Assert.Contains("--config ${AR_CONFIG} --dir ${AR_DATA}", unit, StringComparison.Ordinal);
        Assert.Contains("Environment=AR_CONFIG=/etc/actorreplication/%i.conf", unit, StringComparison.Ordinal);
        Assert.Contains("Environment=AR_DATA=/var/lib/actorreplication/%i", unit, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=actorreplication/%i", unit, StringComparison.Ordinal);

        var directory = TestPaths.NewTempDirectory("ar-unit");
        try
        {
            // An instance of the template, as systemctl start actorreplication@master would load it.
            var instance = Path.Combine(directory, "actorreplication@master.service");
            File.Copy(UnitTemplate, instance);
            using var verify = ChildProcess.Start("systemd-analyze", ["verify", "--man=no", instance], directory);
            Assert.True(await verify.WaitForExitAsync(TimeSpan.FromMinutes(1)), "systemd-analyze verify did not finish");
            Assert.True(verify.ExitCode == 0 && verify.StandardError.Trim().Length == 0, $"systemd-analyze verify: exit {verify.ExitCode}\n{verify.AllOutput}");
        }
        finally
        {
            TestPaths.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task The_unit_runs_the_node_with_its_hocon_file_and_data_directory()
    {
        var unit = await File.ReadAllTextAsync(UnitTemplate);
        var environment = UnitEnvironment().Matches(unit).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var execStart = ExecStart().Match(unit).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/bin/dotnet", execStart[0]);
        Assert.Equal("ActorReplication.Node.dll", Path.GetFileName(execStart[1]));

        var directory = TestPaths.NewTempDirectory("ar-unit-run");
        try
        {
            var port = FreePort.Next();
            var config = Path.Combine(directory, "master.conf");
            await File.WriteAllTextAsync(config, $"server {{\n  port = {port.ToString(CultureInfo.InvariantCulture)}\n}}\n");
            var data = Path.Combine(directory, "data");
            Directory.CreateDirectory(data); // systemd's StateDirectory= makes it
            Assert.Equal("/etc/actorreplication/%i.conf", environment["AR_CONFIG"]);
            var values = new Dictionary<string, string> { ["${AR_CONFIG}"] = config, ["${AR_DATA}"] = data };
            var arguments = execStart[2..].Select(a => values.GetValueOrDefault(a, a)).Prepend(TestPaths.NodeDll).ToList();

            using var node = ChildProcess.Start("dotnet", arguments, directory);
            await Eventually.TrueAsync(async () => (await RedisCli.RunAsync(port, "ping")).Output.Trim() == "PONG",
                ServerProcess.StartTimeout, () => Task.FromResult($"the node as the unit starts it answers PING on {port}\n{node.AllOutput}"));
            var dir = await RedisCli.RunAsync(port, "config", "get", "dir");
            Assert.Equal(["dir", data], dir.Lines);
            Assert.Equal("OK", (await RedisCli.RunAsync(port, "save")).Output.Trim());
            Assert.True(File.Exists(Path.Combine(data, $"dump-{port.ToString(CultureInfo.InvariantCulture)}.arsnap")), "SAVE wrote no snapshot file in the unit's data directory");
        }
        finally
        {
            TestPaths.DeleteDirectory(directory);
        }
    }

    /// <summary>The compose node files, with container names and 0.0.0.0 turned into loopback, form the cluster deploy/cluster.sh starts.</summary>
    [Fact]
    public async Task The_compose_node_files_form_a_master_and_two_synced_replicas()
    {
        await using var cluster = await ScriptedCluster.StartAsync(Path.Combine("deploy", "compose"), ToLoopback);
        // deploy/cluster.sh start returned: both replicas are up. All three are members of one cluster too.
        var master = int.Parse(cluster.Map("6379"), CultureInfo.InvariantCulture);
        Assert.Contains("connected_slaves:2", (await RedisCli.RunAsync(master, "info", "replication")).Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(
            async () => (await RedisCli.RunAsync(master, "info", "membership")).Output.Contains("members:3", StringComparison.Ordinal),
            ReplNode.SyncTimeout, async () => $"three members\n{(await RedisCli.RunAsync(master, "info", "membership")).Output}");
    }

    /// <summary>compose.yaml, the Dockerfile and the node files agree: mounts, published ports, the entry point.</summary>
    [Fact]
    public async Task The_compose_file_and_the_dockerfile_agree_with_the_node_files()
    {
        var compose = await File.ReadAllTextAsync(Path.Combine(Deploy, "compose.yaml"));
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(Deploy, "Dockerfile"));
        Assert.Contains("dockerfile: deploy/Dockerfile", compose, StringComparison.Ordinal);
        Assert.Contains("CMD [\"--config\", \"/etc/actorreplication/node.conf\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"/app/{Path.GetFileName(TestPaths.NodeDll)}\", \"--dir\", \"/data\"]", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"RUN dotnet publish src/ActorReplication\.Node ", dockerfile);
        Assert.True(Directory.Exists(Path.Combine(TestPaths.RepositoryRoot, "src", "ActorReplication.Node")));
        // The node serves RESP through Kestrel: the runtime image must carry ASP.NET Core.
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile, StringComparison.Ordinal);
        foreach (var name in ScriptedCluster.NodeNames)
        {
            var file = Path.Combine(Deploy, "compose", name + ".conf");
            var port = ServerPort().Match(await File.ReadAllTextAsync(file)).Groups[1].Value;
            Assert.Contains($"  {name}:\n", compose, StringComparison.Ordinal);
            Assert.Contains($"./compose/{name}.conf:/etc/actorreplication/node.conf:ro", compose, StringComparison.Ordinal);
            Assert.Contains($"\"127.0.0.1:{port}:{port}\"", compose, StringComparison.Ordinal);
        }
    }

    private static string ToLoopback(string text)
    {
        text = text.Replace("\"0.0.0.0\"", "\"127.0.0.1\"", StringComparison.Ordinal);
        text = PublicHostname().Replace(text, "public-hostname = \"\"");
        return ContainerName().Replace(text, "127.0.0.1:");
    }

    [GeneratedRegex(@"(?<=@|"")(master|replica-1|replica-2):")]
    private static partial Regex ContainerName();

    [GeneratedRegex(@"public-hostname = ""[^""]*""")]
    private static partial Regex PublicHostname();

    [GeneratedRegex(@"^Environment=(AR_[A-Z]+)=(.*)$", RegexOptions.Multiline)]
    private static partial Regex UnitEnvironment();

    [GeneratedRegex(@"^ExecStart=(.*)$", RegexOptions.Multiline)]
    private static partial Regex ExecStart();

    [GeneratedRegex(@"^\s*port\s*=\s*([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ServerPort();
}
