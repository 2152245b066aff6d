using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// The replica's link is its own TCP connection to the address REPLICAOF names, speaking Redis's replication wire on
/// the master's RESP port: whatever stands at that address (here a proxy) carries the link, and cutting it cuts the link.
/// </summary>
public sealed class ReplicaLinkTests
{
    [Fact]
    public async Task A_replica_syncs_through_a_proxy_and_resyncs_partially_after_the_proxy_was_cut_and_restored()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await using var proxy = new TcpProxy(master.Port);
        await master.ExpectOkAsync("DEBUG", "POPULATE", "2000");

        await replica.ExpectOkAsync("REPLICAOF", "127.0.0.1", proxy.Port.ToString(CultureInfo.InvariantCulture));
        await Eventually.InSyncAsync(master, replica);
        Assert.Equal("2000", await replica.TextAsync("DBSIZE"));
        Assert.True(proxy.Bytes > 2000 * 10, $"the snapshot went through the proxy ({proxy.Bytes} bytes)");
        var before = await master.SyncCountersAsync();
        Assert.Equal(1, before.Full);

        proxy.Cut();
        await Eventually.TrueAsync(async () => (await replica.InfoAsync("replication"))["master_link_status"] == "down", ReplNode.SyncTimeout,
            async () => $"the replica sees its link down once the proxy is cut\n{Eventually.Tail(replica.Log)}");
        for (var i = 0; i < 100; i++) await master.ExpectOkAsync("SET", $"while-cut:{i}", "x");
        var carried = proxy.Bytes;
        proxy.Restore();

        await Eventually.InSyncAsync(master, replica);
        Assert.True(proxy.Bytes > carried, "the resync went through the proxy");
        var after = await master.SyncCountersAsync();
        Assert.Equal((before.Full, before.PartialOk + 1), (after.Full, after.PartialOk));
    }

    [Fact]
    public async Task The_link_is_a_replica_connection_in_the_masters_client_list()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);

        var all = (await master.TextAsync("CLIENT", "LIST")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var link = Assert.Single(all, l => l.Contains(" flags=S ", StringComparison.Ordinal));
        Assert.Contains(" cmd=psync ", link, StringComparison.Ordinal);
        Assert.Contains($" laddr=127.0.0.1:{master.Port.ToString(CultureInfo.InvariantCulture)} ", link, StringComparison.Ordinal);
        Assert.DoesNotContain(" flags=S ", await master.TextAsync("CLIENT", "LIST", "TYPE", "normal"), StringComparison.Ordinal);

        // Killing the connection by its id cuts the link; the replica comes back and continues.
        var id = link.Split(' ')[0]["id=".Length..];
        var before = await master.SyncCountersAsync();
        Assert.Equal(1, (await master.CommandAsync("CLIENT", "KILL", "ID", id)).Integer);
        await master.ExpectOkAsync("SET", "after-kill", "1");
        await Eventually.TrueAsync(async () => (await master.SyncCountersAsync()).PartialOk == before.PartialOk + 1, ReplNode.SyncTimeout,
            async () => $"sync_partial_ok +1: {await master.SyncCountersAsync()}\n{Eventually.Tail(master.Log)}");
        await Eventually.InSyncAsync(master, replica);
    }
}
