using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Replication;
using StackExchange.Redis;

namespace ActorReplication.Integration.Tests.Transactions;

/// <summary>
/// MULTI / EXEC / WATCH against node processes: through StackExchange.Redis (its transactions and conditions), and
/// through replication, where a replica (of our node or of a redis-server 7.0) must never show half a transaction
/// and must end with its master's DEBUG DIGEST.
/// </summary>
public sealed class TransactionTests
{
    private static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task StackExchange_Redis_transactions_commit_and_fail_their_conditions_as_on_redis()
    {
        using var node = await NodeProcess.StartAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{node.Port},abortConnect=false,connectTimeout=10000");
        var db = redis.GetDatabase();
        var other = await RespClient.ConnectAsync(node.Port);

        var tran = db.CreateTransaction();
        var set = tran.StringSetAsync("k", "1");
        var incr = tran.StringIncrementAsync("n", 5);
        var push = tran.ListRightPushAsync("l", ["a", "b"]);
        Assert.True(await tran.ExecuteAsync());
        Assert.True(await set);
        Assert.Equal(5, await incr);
        Assert.Equal(2, await push);

        // A condition is WATCH plus a check: it holds, then another client's write breaks it.
        tran = db.CreateTransaction();
        tran.AddCondition(Condition.StringEqual("k", "1"));
        var setTwo = tran.StringSetAsync("k", "2");
        Assert.True(await tran.ExecuteAsync());
        Assert.True(await setTwo);

        tran = db.CreateTransaction();
        tran.AddCondition(Condition.StringEqual("k", "1"));
        _ = tran.StringSetAsync("k", "3");
        Assert.False(await tran.ExecuteAsync());
        Assert.Equal("2", (string?)await db.StringGetAsync("k"));

        tran = db.CreateTransaction();
        tran.AddCondition(Condition.KeyNotExists("fresh"));
        _ = tran.StringSetAsync("fresh", "mine");
        Assert.True(await tran.ExecuteAsync());

        // Optimistic increments from two multiplexers against a third client's writes: none is lost.
        using var second = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{node.Port},abortConnect=false,connectTimeout=10000");
        async Task<int> IncrementByCasAsync(IDatabase database, int times)
        {
            var retries = 0;
            for (var i = 0; i < times; i++)
            {
                while (true)
                {
                    var current = (long)await database.StringGetAsync("cas");
                    var t = database.CreateTransaction();
                    t.AddCondition(Condition.StringEqual("cas", current == 0 ? RedisValue.Null : current));
                    _ = t.StringSetAsync("cas", current + 1);
                    if (await t.ExecuteAsync()) break;
                    retries++;
                }
            }
            return retries;
        }
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++) Assert.Equal("OK", (await other.CommandAsync("SET", "noise", S(i))).Text);
        });
        await Task.WhenAll(IncrementByCasAsync(db, 100), IncrementByCasAsync(second.GetDatabase(), 100), writer);
        Assert.Equal(200, (long)await db.StringGetAsync("cas"));
        other.Dispose();
    }

    [Fact]
    public async Task A_replica_of_our_node_never_shows_half_a_transaction_and_ends_with_the_masters_digest()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);
        await RunTransactionsUnderLoadAsync(master.Port, replica.Port);
        await Eventually.InSyncAsync(master, replica);
    }

    [Fact]
    public async Task A_node_replicating_a_redis_server_applies_its_transactions_whole()
    {
        using var master = await RedisServerProcess.StartAsync("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
        using (var setup = await RespClient.ConnectAsync(master.Port))
        {
            // The full sync's RDB file carries every type this node holds, in both encodings, in two databases. (No TTLs:
            // our DEBUG DIGEST also mixes in the expiry time, redis-server's does not.)
            string[][] data =
            [
                ["SET", "s", "text"], ["SET", "i", "12345"], ["RPUSH", "l", "a", "b", "c"],
                ["HSET", "h", "f", "v", "g", "w"], ["SADD", "ints", "1", "2", "3"], ["SADD", "set", "a", "b"],
                ["ZADD", "z", "1.5", "a", "-inf", "b"], ["DEBUG", "POPULATE", "300", "big", "20"], ["SELECT", "2"],
                ["HSET", "wide", "f", new string('x', 100)], ["ZADD", "wide-z", "1", new string('y', 100)],
            ];
            foreach (var command in data) Assert.False((await setup.CommandAsync(command)).IsError, string.Join(' ', command));
        }
        await using var replica = await ReplNode.StartAsync("--replicaof", $"127.0.0.1 {master.Port}");
        await WaitInSyncAsync(master.Port, replica);
        await RunTransactionsUnderLoadAsync(master.Port, replica.Port);
        await WaitInSyncAsync(master.Port, replica);
    }

    /// <summary>
    /// Pipelined transactions (MULTI, INCR a, INCR b, SELECT 1, RPUSH log, SELECT 0, EXEC) and WATCH-guarded ones on the
    /// master while another client writes the same keys outside transactions; a reader on the replica checks after
    /// every read that a and b moved together.
    /// </summary>
    private static async Task RunTransactionsUnderLoadAsync(int masterPort, int replicaPort)
    {
        using var tx = await RespClient.ConnectAsync(masterPort);
        using var noise = await RespClient.ConnectAsync(masterPort);
        using var reader = await RespClient.ConnectAsync(replicaPort);
        var done = false;
        var reads = 0;
        var readerTask = Task.Run(async () =>
        {
            while (!Volatile.Read(ref done))
            {
                var r = await reader.CommandAsync("MGET", "a", "b");
                Assert.Equal(r.Items[0].Text, r.Items[1].Text);
                reads++;
            }
        });
        var noiseTask = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                Assert.False((await noise.CommandAsync("SET", "free:" + S(i % 50), S(i))).IsError);
                Assert.False((await noise.CommandAsync("INCR", "c")).IsError);
            }
        });

        const int Rounds = 300;
        for (var i = 0; i < Rounds; i++)
        {
            string[][] block =
            [
                ["MULTI"], ["INCR", "a"], ["INCR", "b"], ["SELECT", "1"], ["RPUSH", "log", S(i)], ["SELECT", "0"],
                ["SET", "free:" + S(i % 50), "tx"], ["EXEC"],
            ];
            var exec = await PipelineAsync(tx, block);
            Assert.Equal(6, exec.Items.Count);

            // A WATCH on c, which the noise client increments: EXEC runs the whole block or nothing.
            Assert.Equal("OK", (await tx.CommandAsync("WATCH", "c")).Text);
            var c = (await tx.CommandAsync("GET", "c")).Text;
            exec = await PipelineAsync(tx, [["MULTI"], ["SET", "seen", c], ["INCR", "a"], ["INCR", "b"], ["EXEC"]]);
            Assert.True(exec.Line == "-1" || exec.Items.Count == 3, exec.ToString());
        }
        await noiseTask;
        Volatile.Write(ref done, true);
        await readerTask;
        Assert.True(reads > 0);
        Assert.Equal("OK", (await tx.CommandAsync("SELECT", "1")).Text);
        Assert.Equal(Rounds, (await tx.CommandAsync("LLEN", "log")).Integer);
    }

    /// <summary>Sends the commands in one write and returns the last reply.</summary>
    private static async Task<Reply> PipelineAsync(RespClient client, string[][] commands)
    {
        var bytes = commands.SelectMany(RespClient.Encode).ToArray();
        await client.SendAsync(bytes);
        var replies = await client.ReadRepliesAsync(commands.Length, RespClient.DefaultTimeout);
        return replies[^1];
    }

    /// <summary>Our replica has applied the redis-server master's whole stream and holds the same data.</summary>
    private static Task WaitInSyncAsync(int masterPort, ReplNode replica) =>
        Eventually.TrueAsync(async () =>
        {
            using var m = await RespClient.ConnectAsync(masterPort);
            var masterInfo = (await m.CommandAsync("INFO", "replication")).Text;
            var offset = masterInfo.Split("\r\n").First(l => l.StartsWith("master_repl_offset:", StringComparison.Ordinal))["master_repl_offset:".Length..];
            var r = await replica.InfoAsync("replication");
            return r.GetValueOrDefault("master_link_status") == "up" && r.GetValueOrDefault("slave_repl_offset") == offset
                && (await m.CommandAsync("DEBUG", "DIGEST")).Text == await replica.DigestAsync();
        }, ReplNode.SyncTimeout, async () => $"our replica in sync with redis-server :{masterPort}\n{Eventually.Tail(replica.Log)}");
}
