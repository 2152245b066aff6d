using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>Full and partial resynchronization between node processes.</summary>
public sealed class ResyncTests
{
    /// <summary>200,000 keys (DEBUG POPULATE) and a client writing all along: the replica ends with the master's exact data.</summary>
    [Fact]
    public async Task A_full_sync_of_200k_keys_under_continuous_writes_ends_with_equal_digests()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await master.ExpectOkAsync("DEBUG", "POPULATE", "200000", "key", "64");

        using var stop = new CancellationTokenSource();
        var writes = 0L;
        var writer = Task.Run(async () =>
        {
            using var client = await RespClient.ConnectAsync(master.Port);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Overwrites of populated keys (old values go into the snapshot ahead of the walk), new keys, counters.
                var reply = await client.CommandAsync("SET", $"key:{(i * 7919) % 200000}", $"new:{i}");
                Assert.False(reply.IsError, reply.ToString());
                reply = await client.CommandAsync("INCR", "writes");
                Assert.False(reply.IsError, reply.ToString());
                await client.CommandAsync("HSET", $"h:{i % 100}", $"f{i}", "v");
                Interlocked.Increment(ref writes);
            }
        });

        await replica.ReplicaOfAsync(master);
        await Eventually.TrueAsync(async () => (await replica.InfoAsync("replication"))["master_link_status"] == "up",
            ReplNode.SyncTimeout, async () => $"link up\n{Eventually.Tail(replica.Log)}");
        var duringSync = Interlocked.Read(ref writes);
        await Eventually.TrueAsync(() => Task.FromResult(Interlocked.Read(ref writes) > duringSync + 100), ReplNode.SyncTimeout,
            () => Task.FromResult("the writer keeps writing after the sync"));
        stop.Cancel();
        await writer;

        await Eventually.InSyncAsync(master, replica);
        Assert.Equal(await master.TextAsync("DBSIZE"), await replica.TextAsync("DBSIZE"));
        Assert.True(long.Parse(await master.TextAsync("DBSIZE"), CultureInfo.InvariantCulture) >= 200000);
        Assert.Equal(1, (await master.SyncCountersAsync()).Full);
    }

    [Fact]
    public async Task Client_kill_type_master_on_the_replica_is_followed_by_a_partial_resync()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await master.ExpectOkAsync("SET", "a", "1");
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);
        var before = await master.SyncCountersAsync();

        Assert.Equal(1, (await replica.CommandAsync("CLIENT", "KILL", "TYPE", "master")).Integer);
        for (var i = 0; i < 100; i++) await master.ExpectOkAsync("SET", $"after:{i}", "x");

        await Eventually.InSyncAsync(master, replica);
        await Eventually.TrueAsync(async () => (await master.SyncCountersAsync()).PartialOk == before.PartialOk + 1, ReplNode.SyncTimeout,
            async () => $"sync_partial_ok +1: {await master.SyncCountersAsync()}\n{Eventually.Tail(master.Log)}");
        Assert.Equal(before.Full, (await master.SyncCountersAsync()).Full);
        Assert.Contains("Partial resynchronization request from", master.Log, StringComparison.Ordinal);
    }

    /// <summary>The baseline script's psync phase: SIGSTOP the replica, CLIENT KILL TYPE replica on the master, write, SIGCONT.</summary>
    [Fact]
    public async Task A_paused_replica_whose_link_the_master_killed_continues_from_the_backlog()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await master.ExpectOkAsync("DEBUG", "POPULATE", "1000");
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);
        var before = await master.SyncCountersAsync();

        replica.Pause();
        try
        {
            Assert.Equal(1, (await master.CommandAsync("CLIENT", "KILL", "TYPE", "replica")).Integer);
            using var client = await RespClient.ConnectAsync(master.Port);
            for (var i = 0; i < 500; i++) await client.SendCommandAsync("SET", $"while-down:{i}", new string('v', 64));
            await client.ReadRepliesAsync(500, TimeSpan.FromSeconds(30));
        }
        finally
        {
            replica.Resume();
        }

        await Eventually.InSyncAsync(master, replica);
        var after = await master.SyncCountersAsync();
        Assert.Equal(before.Full, after.Full);
        Assert.Equal(before.PartialOk + 1, after.PartialOk);
    }

    /// <summary>The baseline script's overflow phase: a 16kb backlog and ~1MB written while the replica is away → a full resync, the reason in the log.</summary>
    [Fact]
    public async Task When_the_backlog_overflows_while_the_replica_is_away_it_resyncs_fully_for_lack_of_backlog()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await master.ExpectOkAsync("SET", "a", "1");
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);
        await master.ExpectOkAsync("CONFIG", "SET", "repl-backlog-size", "16kb");
        Assert.Equal("16384", (await master.CommandAsync("CONFIG", "GET", "repl-backlog-size")).Items[1].Text);
        var before = await master.SyncCountersAsync();

        replica.Pause();
        try
        {
            Assert.Equal(1, (await master.CommandAsync("CLIENT", "KILL", "TYPE", "slave")).Integer);
            using var client = await RespClient.ConnectAsync(master.Port);
            for (var i = 0; i < 10000; i++) await client.SendCommandAsync("SET", $"ovf:{i}", new string('v', 64));
            await client.ReadRepliesAsync(10000, TimeSpan.FromSeconds(60));
        }
        finally
        {
            replica.Resume();
        }

        await Eventually.InSyncAsync(master, replica);
        var after = await master.SyncCountersAsync();
        Assert.Equal(before.Full + 1, after.Full);
        Assert.Equal(before.PartialErr + 1, after.PartialErr);
        Assert.Contains("for lack of backlog", master.Log, StringComparison.Ordinal);
        Assert.Equal("10001", await replica.TextAsync("DBSIZE"));
    }
}
