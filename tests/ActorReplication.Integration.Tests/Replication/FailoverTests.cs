using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>Role changes as clients see them: pipelined commands behind REPLICAOF, and coordinated FAILOVER.</summary>
public sealed class FailoverTests
{
    /// <summary>A write pipelined behind REPLICAOF in the same read batch already sees the new mode, and one behind NO ONE too.</summary>
    [Fact]
    public async Task A_write_pipelined_right_after_replicaof_sees_the_new_mode()
    {
        await using var node = await ReplNode.StartAsync();
        var nowhere = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        using var client = await RespClient.ConnectAsync(node.Port);
        await client.SendAsync(Concat(RespClient.Encode("REPLICAOF", "127.0.0.1", nowhere), RespClient.Encode("SET", "a", "1")));
        var replies = await client.ReadRepliesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal("OK", replies[0].Text);
        Assert.True(replies[1].IsError && replies[1].Text.StartsWith("READONLY", StringComparison.Ordinal), replies[1].ToString());

        await client.SendAsync(Concat(RespClient.Encode("REPLICAOF", "NO", "ONE"), RespClient.Encode("SET", "a", "2")));
        replies = await client.ReadRepliesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal("OK", replies[0].Text);
        Assert.Equal("OK", replies[1].Text);
    }

    /// <summary>
    /// FAILOVER TO replica-1 under a steady writer (INCR plus SETs of unique keys, every acknowledged write recorded):
    /// every acknowledged write is on the new master, nobody resynced fully, the old master is the new one's replica and
    /// the second replica (still behind the old master, chained) ends with the same data.
    /// </summary>
    [Fact]
    public async Task Failover_under_a_steady_writer_loses_no_acknowledged_write_and_needs_no_full_sync()
    {
        var nodes = await ReplNode.StartManyAsync(3);
        await using var master = nodes[0];
        await using var r1 = nodes[1];
        await using var r2 = nodes[2];
        await master.ExpectOkAsync("DEBUG", "POPULATE", "2000");
        await r1.ReplicaOfAsync(master);
        await r2.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, r1);
        await Eventually.InSyncAsync(master, r2);

        var acked = new List<int>();
        long counter = 0;
        var started = new TaskCompletionSource();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var writer = Task.Run(async () =>
        {
            using var client = await RespClient.ConnectAsync(master.Port);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var incr = await client.CommandAsync("INCR", "counter");
                if (incr.IsError) return incr.Text;
                counter = incr.Integer;
                var set = await client.CommandAsync("SET", $"unique:{i}", i.ToString(CultureInfo.InvariantCulture));
                if (set.IsError) return set.Text;
                acked.Add(i);
                if (i == 300) started.TrySetResult();
            }
            return "stopped";
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var fullBefore = await Task.WhenAll(nodes.Select(async n => (await n.SyncCountersAsync()).Full));

        await master.ExpectOkAsync("FAILOVER", "TO", "127.0.0.1", r1.Port.ToString(CultureInfo.InvariantCulture));
        var ended = await writer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("READONLY", ended, StringComparison.Ordinal); // the paused write, answered after the switch

        await Eventually.TrueAsync(async () => (await r1.InfoAsync("replication"))["role"] == "master"
            && (await master.InfoAsync("replication")).GetValueOrDefault("master_port") == r1.Port.ToString(CultureInfo.InvariantCulture),
            ReplNode.SyncTimeout, async () => $"roles switched\n{await master.TextAsync("INFO", "replication")}\n{Eventually.Tail(master.Log)}");
        Assert.Equal("no-failover", (await master.InfoAsync("replication"))["master_failover_state"]);
        var role = await master.CommandAsync("ROLE");
        Assert.Equal("slave", role.Items[0].Text);
        Assert.Equal(r1.Port.ToString(CultureInfo.InvariantCulture), role.Items[2].Text);

        Assert.Equal(counter, long.Parse(await r1.TextAsync("GET", "counter"), CultureInfo.InvariantCulture));
        foreach (var chunk in acked.Chunk(500))
        {
            var values = await r1.CommandAsync(["MGET", .. chunk.Select(i => $"unique:{i}")]);
            Assert.Equal(chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)), values.Items.Select(v => v.Text));
        }

        await r1.ExpectOkAsync("SET", "after-failover", "1");
        await Eventually.InSyncAsync(r1, master);
        await Eventually.InSyncAsync(master, r2);
        Assert.Equal(await r1.DigestAsync(), await r2.DigestAsync());
        var fullAfter = await Task.WhenAll(nodes.Select(async n => (await n.SyncCountersAsync()).Full));
        Assert.Equal(fullBefore, fullAfter);
        Assert.Equal(1, (await r1.SyncCountersAsync()).PartialOk);
    }

    /// <summary>FAILOVER's errors, in Redis's words; and while one waits: INFO, REPLICAOF refused, a second FAILOVER refused, ABORT.</summary>
    [Fact]
    public async Task Failover_answers_redis_errors_and_abort_ends_a_waiting_failover()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        async Task Error(ReplNode node, string expected, params string[] args)
        {
            var reply = await node.CommandAsync(args);
            Assert.True(reply.IsError, $"{string.Join(' ', args)} answered {reply}");
            Assert.Equal(expected, reply.Text);
        }
        await Error(master, "ERR FAILOVER requires connected replicas.", "FAILOVER");
        await Error(master, "ERR No failover in progress.", "FAILOVER", "ABORT");
        await Error(master, "ERR syntax error", "FAILOVER", "NOW");
        await Error(master, "ERR syntax error", "FAILOVER", "ABORT", "FORCE");
        await Error(master, "ERR syntax error", "FAILOVER", "TO", "127.0.0.1");
        await Error(master, "ERR FAILOVER timeout must be greater than 0", "FAILOVER", "TIMEOUT", "0");
        await Error(master, "ERR value is not an integer or out of range", "FAILOVER", "TIMEOUT", "soon");

        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);
        var port = replica.Port.ToString(CultureInfo.InvariantCulture);
        await Error(replica, "ERR FAILOVER is not valid when server is a replica.", "FAILOVER");
        await Error(master, "ERR FAILOVER with force option requires both a timeout and target HOST and IP.", "FAILOVER", "TO", "127.0.0.1", port, "FORCE");
        await Error(master, "ERR FAILOVER target HOST and PORT is not a replica.", "FAILOVER", "TO", "127.0.0.1", "1");

        replica.Pause(); // it cannot acknowledge what comes next: the failover waits
        try
        {
            await master.ExpectOkAsync("SET", "unacked", "1");
            await master.ExpectOkAsync("FAILOVER", "TO", "127.0.0.1", port);
            Assert.Equal("waiting-for-sync", (await master.InfoAsync("replication"))["master_failover_state"]);
            await Error(master, "ERR FAILOVER already in progress.", "FAILOVER");
            await Error(master, "ERR REPLICAOF not allowed while failing over.", "REPLICAOF", "NO", "ONE");
            Assert.Equal("1", await master.TextAsync("GET", "unacked")); // reads go on
            using var writer = await RespClient.ConnectAsync(master.Port);
            await writer.SendCommandAsync("SET", "paused", "1");
            await master.ExpectOkAsync("FAILOVER", "ABORT");
            Assert.Equal("OK", (await writer.ReadReplyAsync()).Text); // the waiting write goes through on the master
            Assert.Equal("no-failover", (await master.InfoAsync("replication"))["master_failover_state"]);
            Assert.Equal("master", (await master.InfoAsync("replication"))["role"]);
        }
        finally
        {
            replica.Resume();
        }
        await Eventually.InSyncAsync(master, replica);
    }

    /// <summary>CLIENT PAUSE ms WRITE on the same mechanism: writes wait (not refused), reads go on, UNPAUSE or the timeout releases them.</summary>
    [Fact]
    public async Task Client_pause_write_holds_writes_until_unpause_or_its_timeout()
    {
        await using var node = await ReplNode.StartAsync();
        Assert.Equal("ERR timeout is not an integer or out of range", (await node.CommandAsync("CLIENT", "PAUSE", "soon", "WRITE")).Text);
        Assert.Equal("ERR timeout is negative", (await node.CommandAsync("CLIENT", "PAUSE", "-1", "WRITE")).Text);
        Assert.Equal("ERR syntax error", (await node.CommandAsync("CLIENT", "PAUSE", "10", "READS")).Text);
        Assert.StartsWith("ERR CLIENT PAUSE ALL is not supported", (await node.CommandAsync("CLIENT", "PAUSE", "10")).Text, StringComparison.Ordinal);

        await node.ExpectOkAsync("SET", "k", "1");
        using var control = await RespClient.ConnectAsync(node.Port);
        using var writer = await RespClient.ConnectAsync(node.Port);
        Assert.Equal("OK", (await control.CommandAsync("CLIENT", "PAUSE", "100000", "WRITE")).Text);
        await writer.SendCommandAsync("INCR", "k");
        Assert.Equal("1", await node.TextAsync("GET", "k")); // reads go on, the INCR waits
        Assert.Equal("OK", (await control.CommandAsync("CLIENT", "UNPAUSE")).Text);
        Assert.Equal(2, (await writer.ReadReplyAsync()).Integer);

        Assert.Equal("OK", (await control.CommandAsync("CLIENT", "PAUSE", "300", "WRITE")).Text);
        await writer.SendCommandAsync("INCR", "k");
        Assert.Equal(3, (await writer.ReadReplyAsync(TimeSpan.FromSeconds(10))).Integer); // released by the timeout
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
