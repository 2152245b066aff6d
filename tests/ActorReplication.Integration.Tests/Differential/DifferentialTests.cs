using System.Text;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Differential;

/// <summary>
/// Every script of <see cref="Scripts.All"/> against redis-server 7.0 and our node over raw sockets: the reply bytes
/// must be identical after each step's normaliser.
/// </summary>
/// <remarks>
/// Differences found while writing these tests:
/// <list type="bullet">
/// <item>Fixed in the node's server commands: CLIENT / CONFIG unknown-subcommand and per-subcommand arity errors;
/// CLIENT LIST filters and errors; CLIENT KILL (LADDR, USER, ID validation, SKIPME values, old form killing the
/// caller after its reply); CLIENT NO-EVICT; CONFIG GET name spelling; CONFIG SET with several pairs, immutable,
/// protected, duplicate and bad-value errors (Redis's texts), maxclients settable; AUTH user/password form and
/// syntax error; HELLO SETNAME validation, HELLO AUTH with an unknown user, Redis 7.0's NOAUTH HELLO text; TIME
/// and ROLE arity; DEBUG SLEEP parsing as strtod and its wrong-arity error; SHUTDOWN SAVE NOSAVE / ABORT.</item>
/// <item>Fixed in Cache (the scripts moved from <see cref="Scripts.Known"/> to <see cref="Scripts.All"/>): long double
/// INCRBYFLOAT/HINCRBYFLOAT (software 80-bit float, %.17Lf output); LPOP/RPOP/SPOP/DEBUG POPULATE count errors;
/// DEBUG unknown-subcommand text; SCAN cursor read as unsigned 64-bit; the missing commands SETBIT GETBIT BITCOUNT
/// BITPOS LCS COPY MOVE SWAPDB OBJECT SORT SORT_RO LINSERT LPOS LMOVE RPOPLPUSH LMPOP HRANDFIELD SINTERSTORE
/// SUNIONSTORE SDIFFSTORE SINTERCARD DUMP RESTORE; the blocking commands BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP BZPOPMIN
/// BZPOPMAX BZMPOP and ZMPOP.</item>
/// <item>Reported, tested elsewhere: NOAUTH is checked before unknown-command and arity (Redis checks those first);
/// the parser's unauthenticated limits and 1M multibulk cap (<see cref="Protocol.RequirePassTests"/>, <see cref="Protocol.ProtocolRobustnessTests"/>).</item>
/// <item>Legitimate, normalised: client ids, server version, TTL drift, order of unordered collections; CONFIG SET
/// maxmemory-policy lists only the policies built (no LFU); COMMAND COUNT (the command set is smaller).</item>
/// </list>
/// </remarks>
public sealed class DifferentialTests(DifferentialTests.Servers servers) : IClassFixture<DifferentialTests.Servers>
{
    /// <summary>redis-server (with DEBUG enabled, to compare DEBUG replies) and our node.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        public RedisServerProcess Redis { get; private set; } = null!;

        public NodeProcess Node { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var redis = RedisServerProcess.StartAsync("--enable-debug-command", "yes");
            var node = NodeProcess.StartAsync();
            try
            {
                await Task.WhenAll(redis, node);
            }
            catch
            {
                if (redis.IsCompletedSuccessfully) redis.Result.Dispose();
                if (node.IsCompletedSuccessfully) node.Result.Dispose();
                throw;
            }
            Redis = redis.Result;
            Node = node.Result;
        }

        public Task DisposeAsync()
        {
            Redis?.Dispose();
            Node?.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string> ScriptNames => new(Scripts.All.Keys);

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task Replies_are_byte_identical_to_redis(string script) =>
        await AssertSameReplies(script, Scripts.All[script]);

    [Fact]
    public async Task Hello_3_answers_the_same_map_shape_as_redis()
    {
        using var redis = await servers.Redis.ConnectAsync();
        using var node = await servers.Node.ConnectAsync();
        var expected = await redis.CommandAsync("HELLO", "3");
        var actual = await node.CommandAsync("HELLO", "3");

        Assert.Equal('%', actual.Type);
        Assert.Equal(Keys(expected), Keys(actual));
        Assert.Equal(["server", "version", "proto", "id", "mode", "role", "modules"], Keys(actual));
        var map = Pairs(actual);
        Assert.Equal("redis", map["server"].Text);
        Assert.Equal(3, map["proto"].Integer);
        Assert.Equal((await node.CommandAsync("CLIENT", "ID")).Integer, map["id"].Integer);
        Assert.Equal("master", map["role"].Text);
        Assert.Matches(@"^\d+\.\d+\.\d+", map["version"].Text);
        // Everything but id and version byte for byte.
        var hello = Step.Parse("[hello] HELLO 3");
        Assert.Equal(hello.Normalise(expected).ToString(), hello.Normalise(actual).ToString());
    }

    /// <summary>
    /// Every setting the node answers is a Redis setting and reads as redis-server's default at start, except those
    /// that name this process, its files (dbfilename: the snapshot is not an RDB) or its limits.
    /// </summary>
    [Fact]
    public async Task Config_get_star_gives_redis_defaults_for_every_setting_the_node_knows()
    {
        using var redis = await servers.Redis.ConnectAsync();
        using var node = await servers.Node.ConnectAsync();
        var expected = Pairs(await redis.CommandAsync("CONFIG", "GET", "*"));
        var actual = Pairs(await node.CommandAsync("CONFIG", "GET", "*"));
        string[] processSpecific = ["bind", "port", "dir", "dbfilename", "pidfile", "logfile", "daemonize", "maxclients"];

        Assert.True(actual.Count > 80, $"only {actual.Count} settings");
        var unknown = actual.Keys.Where(name => !expected.ContainsKey(name)).ToList();
        Assert.True(unknown.Count == 0, "not Redis settings: " + string.Join(", ", unknown));
        var differing = actual.Keys.Where(name => !processSpecific.Contains(name) && expected[name].Text != actual[name].Text)
            .Select(name => $"{name}: redis '{expected[name].Text}', node '{actual[name].Text}'").ToList();
        Assert.True(differing.Count == 0, string.Join("\n", differing));
    }

    [Fact]
    public async Task Client_id_is_a_positive_integer_distinct_per_connection()
    {
        using var first = await servers.Node.ConnectAsync();
        using var second = await servers.Node.ConnectAsync();
        var a = await first.CommandAsync("CLIENT", "ID");
        var b = await second.CommandAsync("CLIENT", "ID");
        Assert.Equal(':', a.Type);
        Assert.True(a.Integer > 0, a.ToString());
        Assert.NotEqual(a.Integer, b.Integer);
        Assert.Equal(a.Integer, (await first.CommandAsync("CLIENT", "ID")).Integer);
    }

    private static List<string> Keys(Reply map) => map.Items.Where((_, i) => i % 2 == 0).Select(r => r.Text).ToList();

    private static Dictionary<string, Reply> Pairs(Reply map) =>
        map.Items.Chunk(2).ToDictionary(pair => pair[0].Text, pair => pair[1]);

    private async Task AssertSameReplies(string name, string[] script)
    {
        var steps = script.Select(Step.Parse).ToArray();
        var redis = Run(servers.Redis, steps);
        var node = Run(servers.Node, steps);
        await Task.WhenAll(redis, node);

        var report = new StringBuilder();
        for (var i = 0; i < steps.Length; i++)
        {
            var expected = redis.Result[i];
            var actual = node.Result[i];
            if (expected != actual)
                report.Append($"  #{i + 1} {steps[i]}\n    redis: {expected}\n    node:  {actual}\n");
        }
        Assert.True(report.Length == 0, $"Script '{name}' differs from redis-server:\n{report}");
    }

    /// <summary>Runs the steps on a fresh connection after FLUSHALL; each reply normalised and rendered as escaped bytes.</summary>
    private static async Task<List<string>> Run(ServerProcess server, Step[] steps)
    {
        using var client = await server.ConnectAsync();
        var flushed = await client.CommandAsync("FLUSHALL");
        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(flushed.ToBytes()));
        var replies = new List<string>(steps.Length);
        var closed = false;
        byte[]? last = null;
        foreach (var step in steps)
        {
            if (closed)
            {
                replies.Add("(connection closed)");
                continue;
            }
            try
            {
                var reply = await client.CommandAsync(step.ArgBytes(last));
                last = reply.Payload;
                replies.Add(step.Normalise(reply).ToString());
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or System.Net.Sockets.SocketException)
            {
                replies.Add("(connection closed)");
                closed = true;
            }
        }
        return replies;
    }
}
