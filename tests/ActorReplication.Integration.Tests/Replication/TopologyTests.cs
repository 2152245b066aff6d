using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>Chains, shared snapshots, promotion, WAIT and min-replicas-to-write between node processes.</summary>
public sealed class TopologyTests
{
    [Fact]
    public async Task A_chained_replica_gets_the_masters_stream_through_its_replica()
    {
        var nodes = await ReplNode.StartManyAsync(3);
        await using var master = nodes[0];
        await using var middle = nodes[1];
        await using var leaf = nodes[2];
        await master.ExpectOkAsync("DEBUG", "POPULATE", "5000");
        await middle.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, middle);
        await leaf.ReplicaOfAsync(middle);
        await Eventually.InSyncAsync(middle, leaf);

        await master.ExpectOkAsync("SET", "through", "the chain");
        await master.TextAsync("INCRBY", "n", "5");
        await Eventually.InSyncAsync(master, middle);
        await Eventually.InSyncAsync(middle, leaf);
        Assert.Equal("the chain", await leaf.TextAsync("GET", "through"));
        // The chain carries the master's stream byte for byte: same ids, same offsets.
        var m = await master.InfoAsync("replication");
        var l = await leaf.InfoAsync("replication");
        Assert.Equal(m["master_replid"], l["master_replid"]);
        Assert.Equal(m["master_repl_offset"], l["master_repl_offset"]);
    }

    /// <summary>Two replicas arriving within repl-diskless-sync-delay get one snapshot between them.</summary>
    [Fact]
    public async Task Two_replicas_arriving_together_share_one_diskless_snapshot()
    {
        var nodes = await ReplNode.StartManyAsync(3);
        await using var master = nodes[0];
        await using var r1 = nodes[1];
        await using var r2 = nodes[2];
        await master.ExpectOkAsync("DEBUG", "POPULATE", "20000");
        await master.ExpectOkAsync("CONFIG", "SET", "repl-diskless-sync-delay", "3");
        Assert.Equal("3", (await master.CommandAsync("CONFIG", "GET", "repl-diskless-sync-delay")).Items[1].Text);

        await Task.WhenAll(r1.ReplicaOfAsync(master), r2.ReplicaOfAsync(master));
        await Eventually.InSyncAsync(master, r1);
        await Eventually.InSyncAsync(master, r2);

        Assert.Equal(2, (await master.SyncCountersAsync()).Full);
        Assert.Contains("Starting snapshot 1 for 2 replicas", master.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting snapshot 2 ", master.Log, StringComparison.Ordinal);
    }

    /// <summary>REPLICAOF NO ONE on one replica, its sibling told to follow it: the sibling continues partially (PSYNC with the old replid).</summary>
    [Fact]
    public async Task After_a_promotion_the_sibling_continues_partially_with_the_new_master()
    {
        var nodes = await ReplNode.StartManyAsync(3);
        await using var master = nodes[0];
        await using var r1 = nodes[1];
        await using var r2 = nodes[2];
        await master.ExpectOkAsync("DEBUG", "POPULATE", "3000");
        await Task.WhenAll(r1.ReplicaOfAsync(master), r2.ReplicaOfAsync(master));
        Assert.StartsWith("READONLY", (await r1.CommandAsync("SET", "right-after", "replicaof")).Text, StringComparison.Ordinal);
        await Eventually.InSyncAsync(master, r1);
        await Eventually.InSyncAsync(master, r2);
        await master.ExpectOkAsync("SET", "before", "promotion");
        await Eventually.InSyncAsync(master, r1);
        await Eventually.InSyncAsync(master, r2);
        var oldReplId = (await r1.InfoAsync("replication"))["master_replid"];

        await r1.ExpectOkAsync("REPLICAOF", "NO", "ONE");
        // As in Redis, the switch is in the command's order: the next write (another connection) is accepted.
        await r1.ExpectOkAsync("SET", "right-after", "promotion");
        Assert.Equal("master", (await r1.InfoAsync("replication"))["role"]);
        // The ids shift when the promotion reaches the stream (the old replid becomes replid2 at this offset).
        await Eventually.TrueAsync(async () => (await r1.InfoAsync("replication"))["master_replid2"] == oldReplId, ReplNode.SyncTimeout,
            async () => $"replid2 = the old replid\n{await r1.TextAsync("INFO", "replication")}");
        await r1.ExpectOkAsync("SET", "after", "promotion");
        await r2.ReplicaOfAsync(r1);
        await Eventually.InSyncAsync(r1, r2);

        var counters = await r1.SyncCountersAsync();
        Assert.Equal(0, counters.Full);
        Assert.Equal(1, counters.PartialOk);
        Assert.Equal("promotion", await r2.TextAsync("GET", "after"));
    }

    [Fact]
    public async Task Wait_counts_the_replicas_that_acknowledged_and_times_out_for_the_rest()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        Assert.Equal(0, (await master.CommandAsync("WAIT", "0", "0")).Integer);
        Assert.Equal(0, (await master.CommandAsync("WAIT", "1", "50")).Integer);
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);

        using var client = await RespClient.ConnectAsync(master.Port);
        // Pipelined: the WAIT counts the SET before it, and the GET after it is answered after the WAIT.
        await client.SendAsync(RespClient.Encode("SET", "w", "1").Concat(RespClient.Encode("WAIT", "1", "0")).Concat(RespClient.Encode("GET", "w")).ToArray());
        var replies = await client.ReadRepliesAsync(3, TimeSpan.FromSeconds(30));
        Assert.Equal("OK", replies[0].Text);
        Assert.Equal(1, replies[1].Integer);
        Assert.Equal("1", replies[2].Text);
        Assert.Equal("1", await replica.TextAsync("GET", "w"));

        // Two replicas wanted, one exists: the timeout answers with the one.
        Assert.Equal(1, (await client.CommandAsync("WAIT", "2", "200")).Integer);
        Assert.Equal("ERR timeout is negative", (await client.CommandAsync("WAIT", "1", "-1")).Text);
        Assert.Equal("ERR timeout is not an integer or out of range", (await client.CommandAsync("WAIT", "1", "x")).Text);
        Assert.Equal("ERR wrong number of arguments for 'wait' command", (await client.CommandAsync("WAIT", "1")).Text);
        Assert.StartsWith("ERR WAIT cannot be used with replica instances", (await replica.CommandAsync("WAIT", "1", "0")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Min_replicas_to_write_refuses_writes_until_enough_replicas_acknowledge()
    {
        var master = await ReplNode.StartAsync("--set", "replication.min-replicas-to-write=1", "--set", "replication.min-replicas-max-lag=10s");
        await using var _ = master;
        await Eventually.TrueAsync(async () => (await master.CommandAsync("SET", "k", "v")).Text.StartsWith("NOREPLICAS", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), () => Task.FromResult("SET refused with -NOREPLICAS"));
        Assert.Equal("NOREPLICAS Not enough good replicas to write.", (await master.CommandAsync("SET", "k", "v")).Text);
        Assert.Equal("1", (await master.CommandAsync("CONFIG", "GET", "min-replicas-to-write")).Items[1].Text);

        await using var replica = await ReplNode.StartAsync("--replicaof", $"127.0.0.1 {master.Port}");
        await Eventually.TrueAsync(async () => !(await master.CommandAsync("SET", "k", "v")).IsError, ReplNode.SyncTimeout,
            () => Task.FromResult("SET accepted once the replica acknowledges"));
        Assert.Equal("1", (await master.InfoAsync("replication"))["min_slaves_good_slaves"]);
        await Eventually.InSyncAsync(master, replica);
        Assert.Equal("v", await replica.TextAsync("GET", "k"));

        await master.ExpectOkAsync("CONFIG", "SET", "min-replicas-to-write", "2");
        await Eventually.TrueAsync(async () => (await master.CommandAsync("SET", "k", "v")).IsError, TimeSpan.FromSeconds(10),
            () => Task.FromResult("two replicas wanted: refused again"));
        await master.ExpectOkAsync("CONFIG", "SET", "min-replicas-to-write", "0");
        await Eventually.TrueAsync(async () => !(await master.CommandAsync("SET", "k", "v")).IsError, TimeSpan.FromSeconds(10),
            () => Task.FromResult("off again: accepted"));
    }
}
