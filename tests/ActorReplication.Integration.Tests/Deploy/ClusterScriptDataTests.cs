using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Readme;

namespace ActorReplication.Integration.Tests.Deploy;

/// <summary>deploy/cluster.sh keeps each node's data in its own directory under its run directory, never in the repository.</summary>
public sealed class ClusterScriptDataTests
{
    [Fact]
    public async Task Start_save_and_stop_leave_the_repository_root_untouched_and_each_node_its_own_file()
    {
        var before = RootEntries();
        await using var cluster = await ScriptedCluster.StartAsync();
        var ports = new Dictionary<string, int>();
        Assert.Equal("OK", (await RedisCli.RunAsync(int.Parse(cluster.Map("6379"), CultureInfo.InvariantCulture), "set", "a", "1")).Output.Trim());
        foreach (var (name, shipped) in ScriptedCluster.NodeNames.Zip(["6379", "6380", "6381"]))
        {
            ports[name] = int.Parse(cluster.Map(shipped), CultureInfo.InvariantCulture);
            Assert.Equal("OK", (await RedisCli.RunAsync(ports[name], "save")).Output.Trim());
        }
        var stop = await cluster.ShellAsync("deploy/cluster.sh stop");
        Assert.Equal(0, stop.ExitCode);

        Assert.Equal(before, RootEntries());
        foreach (var name in ScriptedCluster.NodeNames)
        {
            var file = Path.Combine(cluster.RunDirectory, name, $"dump-{ports[name].ToString(CultureInfo.InvariantCulture)}.arsnap");
            Assert.True(File.Exists(file), $"{name} saved to {file}; the run directory holds {string.Join(", ", Directory.GetFiles(cluster.RunDirectory, "*", SearchOption.AllDirectories))}");
        }
    }

    private static string[] RootEntries() =>
        [.. Directory.GetFileSystemEntries(TestPaths.RepositoryRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
