using System.Globalization;
using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Readme;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// README.md's shell sessions replayed verbatim, as a newcomer types them, on the local cluster that
/// <c>deploy/cluster.sh start</c> starts (shipped node files, ports mapped to free ones): each session alone on a fresh
/// cluster, and all of them in order on one cluster. In the expected output a line "..." stands for any lines, "..."
/// inside a line for any text and a run of spaces for any run of spaces (column padding). Reads (GET, INFO, ROLE, TTL)
/// are retried until they match, within a deadline (replication is asynchronous, as in Redis); writes and
/// <c>deploy/cluster.sh</c> run once.
/// </summary>
public sealed partial class WalkthroughTests
{
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(20);

    public static TheoryData<string> SessionNames => [.. ReadmeSession.ReadAll().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(SessionNames))]
    public async Task A_readme_session_runs_as_written_on_a_fresh_cluster(string session)
    {
        await using var cluster = await ScriptedCluster.StartAsync();
        await ReplayAsync(cluster, ReadmeSession.Read(session));
    }

    [Fact]
    public async Task The_whole_readme_runs_in_order_on_one_cluster()
    {
        var sessions = ReadmeSession.ReadAll();
        string[] expected = ["cluster-status", "five-minutes", "replication-walkthrough", "failover-walkthrough", "membership"];
        Assert.Equal(expected, sessions.Select(s => s.Name));
        await using var cluster = await ScriptedCluster.StartAsync();
        foreach (var session in sessions) await ReplayAsync(cluster, session);
    }

    /// <summary>
    /// Every fenced block with "$ " lines is a replayed session, but the client sample's (its <c>dotnet run</c> output
    /// interleaves with the commands; Client.Tests checks what it shows).
    /// </summary>
    [Fact]
    public void Every_shell_block_of_the_readme_is_a_replayed_session()
    {
        var replayed = ReadmeSession.ReadAll().SelectMany(s => s.Steps).Select(s => s.Command).ToHashSet();
        var blocks = ReadmeSession.ReadmeText.Split("```").Where((_, i) => i % 2 == 1);
        foreach (var block in blocks)
        {
            var commands = block.Split('\n').Where(l => l.StartsWith("$ ", StringComparison.Ordinal)).Select(l => l[2..].TrimEnd('\r')).ToList();
            if (commands.Count == 0 || commands.Any(c => c.StartsWith("dotnet run", StringComparison.Ordinal))) continue;
            Assert.All(commands, c => Assert.Contains(c, replayed));
        }
    }

    private static async Task ReplayAsync(ScriptedCluster cluster, ReadmeSession session)
    {
        Assert.True(session.Steps.Count > 0, $"the README's session {session.Name} has no commands");
        foreach (var step in session.Steps)
        {
            var pattern = ToRegex(step.Expected.Select(cluster.Map).ToList());
            var deadline = new Deadline(IsRead(step.Command) ? ReadDeadline : TimeSpan.Zero);
            while (true)
            {
                var result = await RunAsync(cluster, step.Command);
                var output = result.Output.Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n');
                if (result.ExitCode == 0 && pattern.IsMatch(output)) break;
                if (deadline.Passed)
                    Assert.Fail($"[{session.Name}] {step.Command}\n--- expected ---\n{string.Join('\n', step.Expected)}\n--- got (exit {result.ExitCode}) ---\n{output}\n{result.Error}");
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>"redis-cli [-p PORT] args" through redis-cli (port 6379 when not given); anything else through bash.</summary>
    private static Task<CliResult> RunAsync(ScriptedCluster cluster, string command)
    {
        var args = cluster.Map(command).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (args[0] != "redis-cli") return cluster.ShellAsync(command);
        var (port, rest) = args.Length > 2 && args[1] == "-p"
            ? (args[2], args[3..])
            : (cluster.Map("6379"), args[1..]);
        return RedisCli.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), ["--no-raw", .. rest]);
    }

    private static bool IsRead(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = args.Length > 2 && args[1] == "-p" ? args.ElementAtOrDefault(3) : args.ElementAtOrDefault(1);
        return args[0] == "redis-cli" && verb?.ToLowerInvariant() is "get" or "info" or "role" or "ttl";
    }

    /// <summary>Whole output: "..." lines match any lines, "..." in a line any text, spaces any spaces; the rest literally.</summary>
    private static Regex ToRegex(List<string> expected)
    {
        var parts = expected.Select(line => line == "..."
            ? "(?:[^\\n]*(?:\\n|$))*?"
            : string.Join("[^\\n]*?", line.Split("...").Select(Literal)) + "(?:\\n|$)");
        return new Regex("^" + string.Concat(parts) + "$", RegexOptions.None, TimeSpan.FromSeconds(5));
    }

    private static string Literal(string text) => string.Join(" +", Spaces().Split(text).Select(Regex.Escape));

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
