using System.Text;
using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Cli;

/// <summary>redis-cli 7.0 sessions against one node (tests in this class run one after another and share it).</summary>
public sealed class RedisCliTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private int Port => fixture.Port;

    private Task<CliResult> Cli(params string[] args) => RedisCli.RunAsync(Port, args);

    /// <summary>Runs redis-cli and returns its stdout, failing on a non-zero exit.</summary>
    private async Task<string> Ok(params string[] args)
    {
        var result = await Cli(args);
        Assert.True(result.ExitCode == 0, $"redis-cli {string.Join(' ', args)}: {result}");
        return result.Output;
    }

    [Fact]
    public async Task Set_get_and_incr_as_in_the_readme()
    {
        await Ok("del", "hello", "counter");
        Assert.Equal("OK", await Ok("set", "hello", "world"));
        Assert.Equal("world", await Ok("get", "hello"));
        Assert.Equal("1", await Ok("incr", "counter"));
        Assert.Equal("2", await Ok("incr", "counter"));
        Assert.Equal("", await Ok("get", "nosuchkey"));
    }

    [Fact]
    public async Task Info_replication_reports_a_master_without_replicas()
    {
        var fields = InfoFields(await Ok("info", "replication"));
        Assert.Equal("master", fields["role"]);
        Assert.Equal("0", fields["connected_slaves"]);
        Assert.Matches("^[0-9a-f]{40}$", fields["master_replid"]);
        Assert.Matches("^[0-9]+$", fields["master_repl_offset"]);
        Assert.StartsWith("# Replication", await Ok("info", "replication"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_server_has_run_id_port_pid_and_uptime()
    {
        var fields = InfoFields(await Ok("info", "server"));
        Assert.Matches("^[0-9a-f]{40}$", fields["run_id"]);
        Assert.Equal(Port.ToString(System.Globalization.CultureInfo.InvariantCulture), fields["tcp_port"]);
        Assert.Equal(fixture.Node.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), fields["process_id"]);
        Assert.Matches("^[0-9]+$", fields["uptime_in_seconds"]);
        Assert.Matches(@"^\d+\.\d+\.\d+", fields["redis_version"]);
        // The run id is stable for the life of the process.
        Assert.Equal(fields["run_id"], InfoFields(await Ok("info"))["run_id"]);
    }

    [Fact]
    public async Task Info_keyspace_counts_keys_and_expires_of_db0()
    {
        await Ok("flushall");
        await Ok("set", "a", "1");
        await Ok("set", "session:1", "alice", "ex", "100");
        await Ok("hset", "user:1", "name", "alice");
        var text = await Ok("info", "keyspace");
        var match = Regex.Match(text, @"^db0:keys=3,expires=1,avg_ttl=(\d+)$", RegexOptions.Multiline);
        Assert.True(match.Success, text);
        var avgTtl = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(avgTtl, 1, 100_000);
        Assert.DoesNotContain("db1:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_populate_creates_that_many_keys()
    {
        await Ok("-n", "2", "flushdb");
        Assert.Equal("OK", await Ok("-n", "2", "debug", "populate", "1000"));
        Assert.Equal("1000", await Ok("-n", "2", "dbsize"));
        Assert.Equal("value:999", await Ok("-n", "2", "get", "key:999"));
        // Existing keys are left alone: populating again adds nothing.
        Assert.Equal("OK", await Ok("-n", "2", "debug", "populate", "1000"));
        Assert.Equal("1000", await Ok("-n", "2", "dbsize"));
    }

    [Fact]
    public async Task Pipe_mode_mass_inserts_ten_thousand_sets()
    {
        var input = new StringBuilder("SELECT 3\r\nFLUSHDB\r\n");
        for (var i = 0; i < 10_000; i++)
            input.Append(Encoding.ASCII.GetString(RespClient.Encode("SET", $"pipe:{i}", $"value-{i}")));
        var result = await RedisCli.RunAsync(Port, ["--pipe"], input.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("errors: 0, replies: 10002", result.Output, StringComparison.Ordinal);
        Assert.Equal("10000", await Ok("-n", "3", "dbsize"));
        Assert.Equal("value-0", await Ok("-n", "3", "get", "pipe:0"));
        Assert.Equal("value-9999", await Ok("-n", "3", "get", "pipe:9999"));
    }

    [Fact]
    public async Task Resp3_mode_gets_strings_and_maps()
    {
        await Ok("-n", "4", "flushdb");
        await Ok("-n", "4", "hset", "user:1", "name", "alice", "age", "30");
        await Ok("-n", "4", "set", "hello", "world");

        Assert.Contains("resp=3", await Ok("-3", "client", "info"), StringComparison.Ordinal);
        Assert.Contains("resp=2", await Ok("client", "info"), StringComparison.Ordinal);
        Assert.Equal("world", await Ok("-3", "-n", "4", "get", "hello"));
        Assert.Equal("", await Ok("-3", "-n", "4", "get", "nosuchkey"));
        // redis-cli prints a RESP3 map as "field value" lines (field order is the hash's, so compare sorted).
        var lines = (await Ok("-3", "-n", "4", "hgetall", "user:1")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(["age 30", "name alice"], lines);
        var resp2 = (await Ok("-n", "4", "hgetall", "user:1")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(["30", "age", "alice", "name"], resp2);
    }

    private static Dictionary<string, string> InfoFields(string info) =>
        info.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
}
