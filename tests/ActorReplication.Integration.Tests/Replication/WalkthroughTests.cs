using System.Globalization;
using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// The README's "A master and two replicas" and "Failover by hand" sessions, each replayed verbatim with redis-cli against a master and two replicas
/// started with <c>--replicaof</c> on free ports (6379, 6380, 6381 in the text are mapped to them). In the expected
/// output a line "..." stands for any lines and "..." inside a line for any text. Reads are retried until they match
/// (replication is asynchronous, as in Redis), within a deadline; writes run once.
/// </summary>
public sealed partial class WalkthroughTests
{
    [Fact]
    public Task The_readme_replication_session_runs_as_written() => ReplayAsync("replication-walkthrough");

    [Fact]
    public Task The_readme_failover_session_runs_as_written() => ReplayAsync("failover-walkthrough");

    private static async Task ReplayAsync(string block)
    {
        var steps = ReadSession(block);
        Assert.True(steps.Count >= 6, $"the README's {block} was not found or is too short");

        await using var master = await ReplNode.StartAsync();
        var replicas = await ReplNode.StartManyAsync(2, "--replicaof", $"127.0.0.1 {master.Port}");
        await using var r1 = replicas[0];
        await using var r2 = replicas[1];
        await Eventually.InSyncAsync(master, r1);
        await Eventually.InSyncAsync(master, r2);
        var ports = new Dictionary<string, string>
        {
            ["6379"] = master.Port.ToString(CultureInfo.InvariantCulture),
            ["6380"] = r1.Port.ToString(CultureInfo.InvariantCulture),
            ["6381"] = r2.Port.ToString(CultureInfo.InvariantCulture),
        };
        string Map(string text) => PortPattern().Replace(text, m => ports[m.Value]);

        foreach (var (command, expected) in steps)
        {
            var args = Map(command).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(args.Length > 3 && args[0] == "redis-cli" && args[1] == "-p", $"expected 'redis-cli -p PORT ...': {command}");
            var pattern = ToRegex(expected.Select(Map).ToList());
            var isRead = args.Length > 3 && args[3].ToLowerInvariant() is "get" or "info" or "role";
            var deadline = new Deadline(TimeSpan.FromSeconds(isRead ? 20 : 0));
            while (true)
            {
                var result = await RedisCli.RunAsync(int.Parse(args[2], CultureInfo.InvariantCulture), ["--no-raw", .. args[3..]]);
                var output = result.Output.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n');
                if (pattern.IsMatch(output)) break;
                if (deadline.Passed)
                    Assert.Fail($"{command}\n--- expected ---\n{string.Join('\n', expected)}\n--- got ---\n{output}\n{result.Error}");
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>(command, expected output lines) for each "$ redis-cli ..." line of the README block.</summary>
    private static List<(string Command, List<string> Expected)> ReadSession(string block)
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var start = readme.IndexOf($"<!-- {block}", StringComparison.Ordinal);
        var end = readme.IndexOf($"<!-- /{block} -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {block} block");
        var lines = readme[start..end].Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var steps = new List<(string, List<string>)>();
        foreach (var line in lines)
        {
            if (line.StartsWith("$ ", StringComparison.Ordinal)) steps.Add((line[2..], []));
            else if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("<!--", StringComparison.Ordinal)) continue;
            else if (steps.Count > 0) steps[^1].Item2.Add(line);
        }
        return steps;
    }

    /// <summary>Whole output: "..." lines match any lines, "..." in a line any text; everything else literally.</summary>
    private static Regex ToRegex(List<string> expected)
    {
        var parts = expected.Select(line => line == "..."
            ? "(?:[^\\n]*(?:\\n|$))*?"
            : string.Join("[^\\n]*?", line.Split("...").Select(Regex.Escape)) + "(?:\\n|$)");
        return new Regex("^" + string.Concat(parts) + "$", RegexOptions.None, TimeSpan.FromSeconds(5));
    }

    [GeneratedRegex("\\b63(79|80|81)\\b")]
    private static partial Regex PortPattern();
}
