using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Cli;

/// <summary>
/// DEBUG DIGEST between two of our nodes (digests are implementation-specific, so never compared with redis-server):
/// equal exactly when the data is equal, whatever order it was written in.
/// </summary>
public sealed class DigestTests(DigestTests.TwoNodes nodes) : IClassFixture<DigestTests.TwoNodes>
{
    public sealed class TwoNodes : IAsyncLifetime
    {
        public NodeProcess A { get; private set; } = null!;

        public NodeProcess B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var a = NodeProcess.StartAsync();
            var b = NodeProcess.StartAsync();
            try
            {
                await Task.WhenAll(a, b);
            }
            catch
            {
                if (a.IsCompletedSuccessfully) a.Result.Dispose();
                if (b.IsCompletedSuccessfully) b.Result.Dispose();
                throw;
            }
            A = a.Result;
            B = b.Result;
        }

        public Task DisposeAsync()
        {
            A?.Dispose();
            B?.Dispose();
            return Task.CompletedTask;
        }
    }

    // Absolute expiry times, so both nodes hold the same expire whenever the commands run.
    private const string FarFutureMs = "99999999999000";

    /// <summary>Independent writes: each line may run in any order relative to the others.</summary>
    private static readonly string[][] Data =
    [
        ["SET", "s:1", "one"],
        ["SET", "s:2", "two"],
        ["SET", "counter", "41"],
        ["INCR", "counter"],
        ["SET", "expiring", "soon"],
        ["PEXPIREAT", "expiring", FarFutureMs],
        ["HSET", "h", "a", "1"],
        ["HSET", "h", "b", "2"],
        ["HSET", "h", "c", "3"],
        ["SADD", "set", "x"],
        ["SADD", "set", "y"],
        ["SADD", "set", "z"],
        ["RPUSH", "list", "1", "2", "3"],
        ["SELECT", "1"],
        ["SET", "db1:key", "other db"],
        ["SELECT", "0"],
    ];

    private static async Task Load(ServerProcess node, IEnumerable<string[]> commands)
    {
        using var client = await node.ConnectAsync();
        foreach (var command in commands)
        {
            var reply = await client.CommandAsync(command);
            Assert.False(reply.IsError, $"{string.Join(' ', command)} -> {reply}");
        }
    }

    /// <summary>The same writes in another order: the other database first, hash fields and set members reversed, keys shuffled.</summary>
    private static readonly string[][] Reordered =
    [
        ["SELECT", "1"],
        ["SET", "db1:key", "other db"],
        ["SELECT", "0"],
        ["SADD", "set", "z"],
        ["SADD", "set", "y"],
        ["SADD", "set", "x"],
        ["HSET", "h", "c", "3"],
        ["HSET", "h", "b", "2"],
        ["HSET", "h", "a", "1"],
        ["RPUSH", "list", "1", "2", "3"],
        ["SET", "expiring", "soon"],
        ["PEXPIREAT", "expiring", FarFutureMs],
        ["SET", "s:2", "two"],
        ["SET", "counter", "41"],
        ["INCR", "counter"],
        ["SET", "s:1", "one"],
    ];

    private static async Task<string> Digest(ServerProcess node)
    {
        var result = await RedisCli.RunAsync(node.Port, "debug", "digest");
        Assert.True(result.ExitCode == 0, result.ToString());
        var digest = result.Output.Trim();
        Assert.Matches("^[0-9a-f]{40}$", digest);
        return digest;
    }

    [Fact]
    public async Task Same_data_in_a_different_order_gives_the_same_digest_and_different_data_a_different_one()
    {
        // A permutation of the same writes.
        Assert.Equal(Data.Select(c => string.Join(' ', c)).Order(StringComparer.Ordinal), Reordered.Select(c => string.Join(' ', c)).Order(StringComparer.Ordinal));
        await Load(nodes.A, [["FLUSHALL"]]);
        await Load(nodes.B, [["FLUSHALL"]]);
        var empty = new string('0', 40);
        Assert.Equal(empty, await Digest(nodes.A));

        await Load(nodes.A, Data);
        await Load(nodes.B, Reordered);
        var a = await Digest(nodes.A);
        Assert.NotEqual(empty, a);
        Assert.Equal(a, await Digest(nodes.B));

        // One field's value differs.
        await Load(nodes.B, [["HSET", "h", "b", "changed"]]);
        Assert.NotEqual(a, await Digest(nodes.B));
        await Load(nodes.B, [["HSET", "h", "b", "2"]]);
        Assert.Equal(a, await Digest(nodes.B));

        // Only the expire differs.
        await Load(nodes.B, [["PERSIST", "expiring"]]);
        Assert.NotEqual(a, await Digest(nodes.B));
        await Load(nodes.B, [["PEXPIREAT", "expiring", FarFutureMs]]);
        Assert.Equal(a, await Digest(nodes.B));

        // Same elements, different list order.
        await Load(nodes.B, [["DEL", "list"], ["RPUSH", "list", "3", "2", "1"]]);
        Assert.NotEqual(a, await Digest(nodes.B));

        // A key only in another database.
        await Load(nodes.B, [["DEL", "list"], ["RPUSH", "list", "1", "2", "3"]]);
        Assert.Equal(a, await Digest(nodes.B));
        await Load(nodes.B, [["SELECT", "5"], ["SET", "extra", "x"]]);
        Assert.NotEqual(a, await Digest(nodes.B));
    }
}
