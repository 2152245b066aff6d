using ActorReplication.Integration.Tests.Replication;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>
/// The client across a coordinated FAILOVER: the master pauses writes, promotes its replica and becomes its replica;
/// the paused writes are refused with READONLY (they did not run), so the client retries them on the new master and
/// an INCR loop sees every value exactly once.
/// </summary>
public sealed class ClientManualFailoverTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>
{
    [Fact]
    public async Task Client_INCR_loop_continues_across_FAILOVER_without_error_loss_or_duplicate()
    {
        var (oldMaster, newMaster) = (cluster.Master, cluster.Replica);
        await using var client = await CacheClient.ConnectAsync([oldMaster.Address, newMaster.Address],
            new CacheClientOptions { ReadYourWrites = true, TopologyRefreshInterval = TimeSpan.FromHours(1) });
        var results = new List<long>();
        var started = new TaskCompletionSource();
        var failedOver = new TaskCompletionSource();
        // INCRs before, during and after the FAILOVER: until it is over, then 20 more (bounded in count).
        var writer = Task.Run(async () =>
        {
            var after = 0;
            while (results.Count < 100_000 && after < 20)
            {
                results.Add(await client.IncrAsync("mfo:counter"));
                if (results.Count == 50) started.SetResult();
                if (failedOver.Task.IsCompleted) after++;
            }
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("OK", (await CommandAsync(oldMaster, "FAILOVER")).Text);
        await Eventually.TrueAsync(async () => (await InfoAsync(oldMaster, "replication")).GetValueOrDefault("role") == "slave",
            TimeSpan.FromSeconds(30), () => Task.FromResult("the old master became a replica"));
        failedOver.SetResult();
        await writer.WaitAsync(TimeSpan.FromSeconds(90));

        var total = results.Count;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), results);
        Assert.Equal(RespEndpoint(newMaster), client.Topology.Master?.RespEndpoint);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), (await CommandAsync(newMaster, "GET", "mfo:counter")).Text);
    }
}
