using System.Globalization;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>CLIENT LIST TYPE replica|slave|master lists the replication links, as Redis does (flags=S / flags=M).</summary>
public sealed class ClientListTests
{
    [Fact]
    public async Task Client_list_shows_the_replica_on_the_master_and_the_master_link_on_the_replica()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        Assert.Equal("", await master.TextAsync("CLIENT", "LIST", "TYPE", "replica"));
        Assert.Equal("", await replica.TextAsync("CLIENT", "LIST", "TYPE", "master"));

        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);

        var replicaPort = replica.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var type in new[] { "replica", "slave", "REPLICA" })
        {
            var lines = Lines(await master.TextAsync("CLIENT", "LIST", "TYPE", type));
            var line = Assert.Single(lines);
            Assert.Contains($" addr=127.0.0.1:{replicaPort} ", line, StringComparison.Ordinal);
            Assert.Contains(" flags=S ", line, StringComparison.Ordinal);
        }
        Assert.Empty(Lines(await master.TextAsync("CLIENT", "LIST", "TYPE", "master")));

        var masterLink = Assert.Single(Lines(await replica.TextAsync("CLIENT", "LIST", "TYPE", "master")));
        Assert.Contains($" addr=127.0.0.1:{master.Port.ToString(CultureInfo.InvariantCulture)} ", masterLink, StringComparison.Ordinal);
        Assert.Contains(" flags=M ", masterLink, StringComparison.Ordinal);
        Assert.Empty(Lines(await replica.TextAsync("CLIENT", "LIST", "TYPE", "replica")));
        // Only RESP connections are normal clients.
        Assert.DoesNotContain(Lines(await master.TextAsync("CLIENT", "LIST", "TYPE", "normal")), l => l.Contains(" flags=S ", StringComparison.Ordinal));

        await replica.ExpectOkAsync("REPLICAOF", "NO", "ONE");
        await Eventually.TrueAsync(async () => Lines(await master.TextAsync("CLIENT", "LIST", "TYPE", "replica")).Length == 0,
            ReplNode.SyncTimeout, async () => $"the replica is gone from the master's list: {await master.TextAsync("CLIENT", "LIST", "TYPE", "replica")}");
        Assert.Empty(Lines(await replica.TextAsync("CLIENT", "LIST", "TYPE", "master")));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
