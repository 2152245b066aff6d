namespace ActorReplication.Integration.Tests.Readme;

/// <summary>
/// One shell session of README.md, between <c>&lt;!-- session: NAME --&gt;</c> and <c>&lt;!-- /session --&gt;</c>: each
/// "$ command" line with the output lines under it. A comment after two or more spaces ("   # why") explains a line
/// to the reader and is not part of the output.
/// </summary>
public sealed record ReadmeSession(string Name, IReadOnlyList<ReadmeStep> Steps)
{
    private const string Open = "<!-- session: ";
    private const string Close = "<!-- /session -->";

    public static string ReadmeText => File.ReadAllText(Path.Combine(Infrastructure.TestPaths.RepositoryRoot, "README.md"));

    /// <summary>Every session of the README, in the order a reader meets them.</summary>
    public static IReadOnlyList<ReadmeSession> ReadAll() => Parse(ReadmeText);

    public static ReadmeSession Read(string name) =>
        ReadAll().SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"README.md has no session '{name}'");

    public static IReadOnlyList<ReadmeSession> Parse(string readme)
    {
        var sessions = new List<ReadmeSession>();
        List<ReadmeStep>? steps = null;
        string? name = null;
        foreach (var raw in readme.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(Open, StringComparison.Ordinal))
            {
                name = line[Open.Length..].Replace("-->", "", StringComparison.Ordinal).Trim();
                steps = [];
            }
            else if (line == Close && steps is not null)
            {
                sessions.Add(new ReadmeSession(name!, steps));
                steps = null;
            }
            else if (steps is null || line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }
            else if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                steps.Add(new ReadmeStep(line[2..], new List<string>()));
            }
            else if (steps.Count > 0)
            {
                ((List<string>)steps[^1].Expected).Add(WithoutComment(line));
            }
        }
        return sessions;
    }

    /// <summary>"(integer) ...        # the seconds left" → "(integer) ...".</summary>
    private static string WithoutComment(string line)
    {
        var at = line.IndexOf("  # ", StringComparison.Ordinal);
        return at < 0 ? line : line[..at].TrimEnd();
    }
}
