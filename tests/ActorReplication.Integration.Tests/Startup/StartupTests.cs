using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Startup;

/// <summary>Starting and stopping the node process: options, configuration errors, signals, pid and log files.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs a node that is expected to refuse to start; returns it after it exited (killed and failed if it does not).</summary>
    private static async Task<NodeProcess> RunToExit(params string[] arguments)
    {
        var node = NodeProcess.Launch(arguments);
        if (!await node.Process.WaitForExitAsync(ExitTimeout))
        {
            node.Dispose();
            Assert.Fail($"The node did not exit within {ExitTimeout} with {string.Join(' ', arguments)}");
        }
        return node;
    }

    [Fact]
    public async Task An_unknown_option_stops_the_node_naming_it()
    {
        using var node = await RunToExit("--nosuchoption");
        Assert.NotEqual(0, node.Process.ExitCode);
        Assert.Contains("--nosuchoption", node.Process.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public Task A_hocon_syntax_error_stops_the_node_with_file_line_and_column() =>
        // The '}' where a value should be: line 3, column 16.
        RunToExitWithConfigFile("server {\n  port = 6379\n  maxclients = }\n", (node, file) => AssertOneLineError(node, $"{file}:3:16"));

    [Fact]
    public async Task A_bad_value_stops_the_node_naming_the_key_path()
    {
        using var node = await RunToExit("--set", "keyspace.databases=abc");
        Assert.NotEqual(0, node.Process.ExitCode);
        Assert.Contains("keyspace.databases", node.Process.StandardError, StringComparison.Ordinal);
        Assert.Contains("abc", node.Process.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Runs a node on a config file with <paramref name="text"/> (in a scratch directory) to its exit; then asserts.</summary>
    private static async Task RunToExitWithConfigFile(string text, Action<NodeProcess, string> assert)
    {
        var dir = TestPaths.NewTempDirectory("ar-conf");
        try
        {
            var file = Path.Combine(dir, "node.conf");
            await File.WriteAllTextAsync(file, text);
            using var node = await RunToExit("--config", file);
            assert(node, file);
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    /// <summary>The node exited 1 and said why in exactly one line on stderr, which contains every one of <paramref name="parts"/>.</summary>
    private static void AssertOneLineError(NodeProcess node, params string[] parts)
    {
        Assert.Equal(1, node.Process.ExitCode);
        var line = Assert.Single(node.Process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var part in parts) Assert.Contains(part, line, StringComparison.Ordinal);
    }

    [Fact]
    public Task A_misspelt_key_in_the_config_file_stops_the_node_naming_file_and_key() =>
        RunToExitWithConfigFile("replication {\n  repl-backlog-sise = 64mb\n}\n", (node, file) =>
            AssertOneLineError(node, file, "unknown key 'replication.repl-backlog-sise'", "did you mean 'replication.repl-backlog-size'"));

    [Fact]
    public async Task A_misspelt_key_in_set_stops_the_node_naming_the_option()
    {
        using var node = await RunToExit("--set", "server.maxclient=10");
        AssertOneLineError(node, "--set server.maxclient=10", "unknown key 'server.maxclient'");
    }

    [Fact]
    public Task A_bad_size_in_the_config_file_stops_the_node_naming_file_key_and_value() =>
        RunToExitWithConfigFile("replication {\n  repl-backlog-size = lots\n}\n", (node, file) =>
            AssertOneLineError(node, file, "'replication.repl-backlog-size' has value \"lots\", which is not a byte size"));

    [Fact]
    public async Task A_missing_config_file_stops_the_node_with_one_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ar-no-such-dir-" + Guid.NewGuid().ToString("N"), "node.conf");
        using var node = await RunToExit("--config", missing);
        AssertOneLineError(node, $"{missing}: no such file");
    }

    [Fact]
    public Task A_bad_akka_port_stops_the_node_naming_file_key_and_value() =>
        RunToExitWithConfigFile("akka.remote.dot-netty.tcp.port = notaport\n", (node, file) =>
            AssertOneLineError(node, file, "'akka.remote.dot-netty.tcp.port': expected a port number from 0 to 65535, got 'notaport'"));

    [Fact]
    public async Task A_bad_seed_node_stops_the_node_naming_the_option_and_the_seed()
    {
        using var node = await RunToExit("--set", "akka.cluster.seed-nodes=[\"127.0.0.1\"]");
        AssertOneLineError(node, "--set akka.cluster.seed-nodes", "'127.0.0.1' is not host:port nor akka.tcp://system@host:port");
    }

    [Fact]
    public async Task Appendonly_yes_is_refused()
    {
        using var node = await RunToExit("--appendonly", "yes");
        Assert.NotEqual(0, node.Process.ExitCode);
        Assert.Contains("server.appendonly", node.Process.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_persistence_off_options_are_accepted_and_the_start_up_line_names_version_run_id_port_and_config()
    {
        var dir = TestPaths.NewTempDirectory("ar-conf");
        try
        {
            var file = Path.Combine(dir, "node.conf");
            await File.WriteAllTextAsync(file, "keyspace { maxmemory = 10mb }\n");
            using var node = await NodeProcess.StartAsync("--config", file, "--save", "", "--appendonly", "no", "--daemonize", "no");

            using var client = await node.ConnectAsync();
            var info = System.Text.Encoding.UTF8.GetString((await client.CommandAsync("INFO", "server")).Payload!);
            var version = Regex.Match(info, @"redis_version:(\S+)").Groups[1].Value;
            var runId = Regex.Match(info, @"run_id:([0-9a-f]{40})").Groups[1].Value;
            Assert.NotEmpty(version);
            Assert.NotEmpty(runId);

            var line = node.Process.WaitForOutputLine(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.NotNull(line);
            Assert.Contains(version, line, StringComparison.Ordinal);
            Assert.Contains($"run_id={runId}", line, StringComparison.Ordinal);
            Assert.Contains($":{node.Port} ", line, StringComparison.Ordinal);
            Assert.Contains($"config={file}", line, StringComparison.Ordinal);

            // The options took effect.
            Assert.Equal("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", Wire(await client.CommandAsync("CONFIG", "GET", "save")));
            Assert.Equal("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", Wire(await client.CommandAsync("CONFIG", "GET", "appendonly")));
            Assert.Equal("*2\r\n$9\r\nmaxmemory\r\n$8\r\n10485760\r\n", Wire(await client.CommandAsync("CONFIG", "GET", "maxmemory")));
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task A_node_file_layers_its_include_an_environment_override_and_set_options()
    {
        var dir = TestPaths.NewTempDirectory("ar-conf");
        var variable = "AR_TEST_MAXCLIENTS_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "77");
        try
        {
            // The include is relative to the node file, not to the node's working directory (its own temp directory).
            await File.WriteAllTextAsync(Path.Combine(dir, "common.conf"), $"server {{\n  maxclients = 50\n  maxclients = ${{?{variable}}}\n}}\n");
            var file = Path.Combine(dir, "node.conf");
            await File.WriteAllTextAsync(file, "include \"common.conf\"\nkeyspace {\n  maxmemory = 1mb\n  maxmemory-samples = 3\n}\n");
            using var node = await NodeProcess.StartAsync("--config", file, "--set", "keyspace.maxmemory-samples=7");
            using var client = await node.ConnectAsync();
            Assert.Equal("*2\r\n$10\r\nmaxclients\r\n$2\r\n77\r\n", Wire(await client.CommandAsync("CONFIG", "GET", "maxclients")));
            Assert.Equal("*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n", Wire(await client.CommandAsync("CONFIG", "GET", "maxmemory")));
            Assert.Equal("*2\r\n$17\r\nmaxmemory-samples\r\n$1\r\n7\r\n", Wire(await client.CommandAsync("CONFIG", "GET", "maxmemory-samples")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task Sigterm_stops_the_node_cleanly_and_removes_its_pidfile()
    {
        var dir = TestPaths.NewTempDirectory("ar-pid");
        try
        {
            var pidFile = Path.Combine(dir, "node.pid");
            using var node = await NodeProcess.StartAsync("--pidfile", pidFile);
            Assert.Equal(node.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(pidFile)).Trim());

            node.Process.Terminate();

            Assert.True(await node.Process.WaitForExitAsync(ExitTimeout), "The node did not exit after SIGTERM");
            Assert.Equal(0, node.Process.ExitCode);
            Assert.False(File.Exists(pidFile), "The pidfile is still there");
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task Logfile_receives_the_log_instead_of_the_console()
    {
        var dir = TestPaths.NewTempDirectory("ar-log");
        try
        {
            var logFile = Path.Combine(dir, "node.log");
            using var node = await NodeProcess.StartAsync("--logfile", logFile);
            Assert.True(await node.ShutdownAsync(), "SHUTDOWN did not stop the node");
            Assert.Equal(0, node.Process.ExitCode);

            var log = await File.ReadAllTextAsync(logFile);
            Assert.Contains("Ready to accept connections", log, StringComparison.Ordinal);
            Assert.Contains($":{node.Port} ", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Ready to accept connections", node.Process.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    private static string Wire(Reply reply) => System.Text.Encoding.UTF8.GetString(reply.ToBytes());
}
