using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Replication;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>The client follows a promotion by itself: a write refused with READONLY makes it find the new master.</summary>
public sealed class ClientPromotionTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>
{
    [Fact]
    public async Task Client_retries_a_refused_write_on_the_promoted_master_after_REPLICAOF()
    {
        var (oldMaster, newMaster) = (cluster.Master, cluster.Replica);
        // No periodic refresh during the test: the READONLY refusal is what must send the client to the new master.
        await using var client = await CacheClient.ConnectAsync([oldMaster.Address],
            new CacheClientOptions { ReadYourWrites = true, TopologyRefreshInterval = TimeSpan.FromHours(1) });
        await client.SetAsync("promo:before", "1");
        Assert.Equal(RespEndpoint(oldMaster), client.Topology.Master?.RespEndpoint);

        await Cli(newMaster, "REPLICAOF", "NO", "ONE");
        await Cli(oldMaster, "REPLICAOF", "127.0.0.1", newMaster.Port.ToString(CultureInfo.InvariantCulture));
        await WaitForLinkAsync(oldMaster);

        await client.SetAsync("promo:after", "2");

        Assert.Equal(RespEndpoint(newMaster), client.Topology.Master?.RespEndpoint);
        Assert.Equal("2", (await CommandAsync(newMaster, "GET", "promo:after")).Text);
        Assert.Equal("1", await client.GetAsync("promo:before"));
        Assert.Equal(3, await client.IncrAsync("promo:after"));
        Assert.Equal("3", await client.GetAsync("promo:after"));
    }

    private static async Task Cli(ServerProcess node, params string[] args)
    {
        var result = await RedisCli.RunAsync(node.Port, args);
        Assert.True(result.ExitCode == 0 && result.Output.Trim() == "OK", $"redis-cli {string.Join(' ', args)}: {result}");
    }
}
