using ActorReplication.Integration.Tests.Infrastructure;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>A node killed under the client: it notices by a timeout, re-reads the topology and carries on.</summary>
public sealed class ClientNodeLossTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>
{
    [Fact]
    public async Task Client_keeps_reading_and_writing_when_the_replica_it_reads_from_is_killed()
    {
        await using var client = await CacheClient.ConnectAsync([cluster.Master.Address, cluster.Replica.Address],
            new CacheClientOptions { ReadYourWrites = true, RequestTimeout = TimeSpan.FromSeconds(1) });
        await client.SetAsync("loss:k", "v");
        Assert.Equal("v", await client.GetAsync("loss:k"));
        Assert.Single(client.Topology.Replicas);

        cluster.Replica.Process.Kill();

        // Every read succeeds: a read that times out on the dead replica is retried, then served by the master.
        for (var i = 0; i < 10; i++)
        {
            await client.SetAsync("loss:k", $"v{i}");
            Assert.Equal($"v{i}", await client.GetAsync("loss:k"));
        }
        var refreshed = await client.RefreshTopologyAsync();
        Assert.Equal(RespEndpoint(cluster.Master), refreshed.Master?.RespEndpoint);
        Assert.Empty(refreshed.Replicas);
    }

}

/// <summary>The master killed under the client, with nobody promoted: writes fail with typed errors, within the budget.</summary>
public sealed class ClientMasterLossTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>
{
    [Fact]
    public async Task Client_reports_a_dead_master_as_MasterDown_once_its_retry_budget_is_spent()
    {
        await using var client = await CacheClient.ConnectAsync([cluster.Master.Address],
            new CacheClientOptions { RequestTimeout = TimeSpan.FromSeconds(1), RetryBudget = TimeSpan.FromSeconds(3) });
        await client.SetAsync("loss:m", "1");

        cluster.Master.Process.Kill();

        // The first write may time out (its outcome is unknown: never retried) or find no master; later ones find none.
        var first = await Assert.ThrowsAnyAsync<CacheException>(() => client.IncrAsync("loss:m"));
        Assert.True(first is CacheTimeoutException or MasterDownException, first.ToString());
        await Assert.ThrowsAsync<MasterDownException>(() => client.SetAsync("loss:m", "2"));
    }
}
