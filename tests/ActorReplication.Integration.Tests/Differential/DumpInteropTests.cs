using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Differential;

/// <summary>
/// DUMP payloads move between redis-server 7.0 and our node both ways, for every type the node holds, in each
/// encoding Redis picks for it (small and large): what one side dumps the other restores to the same value
/// (equal DEBUG DIGEST-VALUE), and where the encoding's order is defined the payloads are the same bytes.
/// </summary>
public sealed class DumpInteropTests(DifferentialTests.Servers servers) : IClassFixture<DifferentialTests.Servers>
{
    /// <summary>Name, the commands that build key "k", and whether both servers must write the very same payload.</summary>
    public static TheoryData<string, string[][], bool> Values => new()
    {
        { "int string", [["SET", "k", "-123456"]], true },
        { "plain string", [["SET", "k", "hello"]], true },
        { "lzf string", [["SET", "k", string.Concat(Enumerable.Repeat("abcdefgh", 40))]], true },
        { "incompressible string", [["SET", "k", string.Concat(Enumerable.Range(0, 200).Select(i => (char)(33 + (i * 37 % 90))))]], true },
        { "small list", [["RPUSH", "k", "a", "1", "-5000", "70000", "3000000000", new string('x', 100)]], true },
        { "quicklist of several nodes", [["RPUSH", "k", .. Enumerable.Range(0, 3000).Select(i => $"item:{i}:{new string('p', i % 50)}")]], true },
        { "listpack hash", [["HSET", "k", .. Enumerable.Range(0, 100).SelectMany(i => new[] { $"f{i}", $"{i * 1000}" })]], true },
        { "table hash", [["HSET", "k", .. Enumerable.Range(0, 600).SelectMany(i => new[] { $"field:{i}", $"value:{i}" })]], false },
        { "intset", [["SADD", "k", .. Enumerable.Range(0, 300).Select(i => (i * 7919 - 100000).ToString())]], true },
        { "wide intset", [["SADD", "k", "1", "-9000000000", "9000000000"]], true },
        { "table set", [["SADD", "k", .. Enumerable.Range(0, 200).Select(i => $"member:{i}")]], false },
        { "listpack sorted set", [["ZADD", "k", "1", "a", "2.5", "b", "-3", "c", "1e300", "d", "-inf", "e", "0.1", "f"]], true },
        { "skip-list sorted set", [["ZADD", "k", .. Enumerable.Range(0, 300).SelectMany(i => new[] { (i * 0.37).ToString(System.Globalization.CultureInfo.InvariantCulture), $"m{i}" })]], true },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_payload_dumped_by_either_server_restores_on_the_other(string name, string[][] commands, bool sameBytes)
    {
        using var redis = await servers.Redis.ConnectAsync();
        using var node = await servers.Node.ConnectAsync();
        await redis.CommandAsync("DEL", "k", "k:back");
        await node.CommandAsync("DEL", "k", "k:back");
        foreach (var command in commands)
            Assert.False((await redis.CommandAsync(command)).IsError, name);

        var fromRedis = (await redis.CommandAsync("DUMP", "k")).Payload!;
        Assert.Equal(@"+OK\r\n", (await node.CommandAsync(Restore("k", fromRedis))).ToString());
        var digest = await DigestOf(redis, "k");
        Assert.Equal(digest, await DigestOf(node, "k"));

        var fromNode = (await node.CommandAsync("DUMP", "k")).Payload!;
        Assert.Equal(@"+OK\r\n", (await redis.CommandAsync(Restore("k:back", fromNode))).ToString());
        Assert.Equal(digest, await DigestOf(redis, "k:back"));
        if (sameBytes)
            Assert.Equal(Convert.ToHexString(fromRedis), Convert.ToHexString(fromNode));
    }

    private static byte[][] Restore(string key, byte[] payload) =>
        [.. new[] { "RESTORE", key, "0" }.Select(System.Text.Encoding.ASCII.GetBytes), payload];

    private static async Task<string> DigestOf(RespClient client, string key) =>
        (await client.CommandAsync("DEBUG", "DIGEST-VALUE", key)).ToString();
}
