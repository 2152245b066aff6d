namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>What one redis-cli run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>stdout lines without the trailing empty one.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs <c>redis-cli -p P args...</c> (the installed 7.0 client) with a timeout.</summary>
public static class RedisCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<CliResult> RunAsync(int port, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        var all = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        all.AddRange(arguments);
        using var cli = ChildProcess.Start("redis-cli", all, standardInput: standardInput);
        var limit = timeout ?? DefaultTimeout;
        if (!await cli.WaitForExitAsync(limit))
            throw new TimeoutException($"redis-cli {string.Join(' ', all)} did not finish within {limit}\n{cli.AllOutput}");
        return new CliResult(cli.ExitCode, cli.StandardOutput, cli.StandardError);
    }

    public static Task<CliResult> RunAsync(int port, params string[] arguments) => RunAsync(port, arguments, null);
}
