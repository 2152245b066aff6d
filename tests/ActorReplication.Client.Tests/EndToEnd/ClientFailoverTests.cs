using System.Diagnostics;
using ActorReplication.Integration.Tests.Cluster;
using ActorReplication.Integration.Tests.Replication;
using Xunit.Abstractions;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>
/// The client across an automatic failover: three nodes following the cluster (<c>replication.follow = cluster</c>,
/// auto-failover on, the membership tests' fast detector), the master killed with SIGKILL or cut off into the
/// minority while the client writes.
/// </summary>
public sealed class ClientFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<string> DescribeAsync(IEnumerable<HoconClusterNode> nodes, CacheClient client)
    {
        var text = new System.Text.StringBuilder();
        foreach (var status in (await client.RefreshTopologyAsync()).Nodes) text.Append("client sees ").Append(status).Append('\n');
        foreach (var node in nodes)
        {
            text.Append("--- ").Append(node).Append(" ---\n");
            try
            {
                text.Append(string.Join('\n', await InfoAsync(node, "replication"))).Append('\n');
            }
            catch (Exception e)
            {
                text.Append(e.Message).Append('\n');
            }
            text.Append(Eventually.Tail(node.Process.StandardOutput, 25)).Append('\n');
        }
        return text.ToString();
    }

    private const string AutoFailover = """

        replication {
          replicaof = ""
          follow = cluster
          topology-interval = 200ms
          repl-diskless-sync-delay = 0s
          auto-failover = on
        }
        """;

    [Fact]
    public async Task Client_keeps_writing_to_the_replica_promoted_after_kill_9_of_the_master()
    {
        var nodes = await HoconClusterNode.StartLocalClusterAsync(HoconClusterNode.FastOverrides + AutoFailover);
        try
        {
            await using var client = await CacheClient.ConnectAsync(nodes.Select(n => n.Address),
                new CacheClientOptions { TopologyQueryTimeout = TimeSpan.FromSeconds(10), ReadYourWrites = true, RetryBudget = TimeSpan.FromSeconds(30) });
            // Until the cluster has chosen its master and both replicas follow it.
            await Eventually.TrueAsync(async () =>
            {
                var view = await client.RefreshTopologyAsync();
                return view.Master is not null && view.Replicas.Count == 2;
            }, Patience, () => Task.FromResult($"one master, two replicas; saw {client.Topology}"));
            var master = nodes.Single(n => RespEndpoint(n) == client.Topology.Master!.RespEndpoint);
            for (var i = 0; i < 50; i++) await client.SetAsync($"fo:{i}", $"v{i}");

            var killedAt = Stopwatch.StartNew();
            master.Process.Kill();
            var errors = 0;
            var firstSuccess = TimeSpan.Zero;
            // Writes keep coming; one may time out (its outcome unknown), the others wait for the new master.
            for (var i = 50; i < 100; i++)
            {
                try
                {
                    await client.SetAsync($"fo:{i}", $"v{i}");
                    if (firstSuccess == TimeSpan.Zero) firstSuccess = killedAt.Elapsed;
                }
                catch (MasterDownException e)
                {
                    Assert.Fail($"{e.Message} {killedAt.Elapsed.TotalSeconds:F1} s after the kill\n{await DescribeAsync(nodes.Where(n => n != master), client)}");
                }
                catch (CacheTimeoutException e)
                {
                    // Only a write in flight when the master died may have an unknown outcome.
                    Assert.True(firstSuccess == TimeSpan.Zero, $"a write timed out after the new master had accepted one: {e.Message}");
                    errors++;
                }
            }
            output.WriteLine($"kill -9 → first client write accepted: {firstSuccess.TotalSeconds:F1} s, {errors} write(s) timed out (test timings)");

            Assert.True(errors <= 1, $"{errors} writes timed out");
            var promoted = nodes.Single(n => RespEndpoint(n) == client.Topology.Master?.RespEndpoint);
            Assert.NotEqual(master, promoted);
            Assert.Equal("v99", (await CommandAsync(promoted, "GET", "fo:99")).Text);
            Assert.Equal("v99", await client.GetAsync("fo:99"));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// The master cut off from both replicas (node-to-node remoting black-holed; the client still reaches every node):
    /// the old master refuses writes once it sees itself in the minority, the majority promotes a replica, and the
    /// client's writes move to it by themselves; once the promoted master has taken a write, no later write lands on
    /// the old one.
    /// </summary>
    [Fact]
    public async Task Client_follows_the_replica_promoted_when_the_master_is_cut_off_into_the_minority()
    {
        var nodes = await HoconClusterNode.StartLocalClusterAsync(HoconClusterNode.FastOverrides + AutoFailover + HoconClusterNode.FaultInjection);
        try
        {
            await using var client = await CacheClient.ConnectAsync(nodes.Select(n => n.Address),
                new CacheClientOptions { TopologyQueryTimeout = TimeSpan.FromSeconds(10), ReadYourWrites = true, RetryBudget = TimeSpan.FromSeconds(30) });
            await Eventually.TrueAsync(async () =>
            {
                var view = await client.RefreshTopologyAsync();
                return view.Master is not null && view.Replicas.Count == 2;
            }, Patience, () => Task.FromResult($"one master, two replicas; saw {client.Topology}"));
            var master = nodes.Single(n => RespEndpoint(n) == client.Topology.Master!.RespEndpoint);
            var others = nodes.Where(n => n != master).ToArray();
            for (var i = 0; i < 20; i++) await client.SetAsync($"cut:{i}", $"v{i}");

            foreach (var other in others)
            {
                Assert.Equal("OK", (await CommandAsync(master, "DEBUG", "REMOTE-BLACKHOLE", other.Address)).Text);
                Assert.Equal("OK", (await CommandAsync(other, "DEBUG", "REMOTE-BLACKHOLE", master.Address)).Text);
            }
            var cutAt = Stopwatch.StartNew();
            var errors = 0;
            var writtenTo = new List<string>();
            // Writes go on (bounded in time) until 20 of them have reached a node other than the old master.
            for (var i = 20; cutAt.Elapsed < Patience; i++)
            {
                try
                {
                    await client.SetAsync($"cut:{i}", $"v{i}");
                    writtenTo.Add(client.Topology.Master?.RespEndpoint ?? "?");
                }
                catch (CacheTimeoutException)
                {
                    errors++;
                }
                if (writtenTo.Count > 0 && writtenTo[^1] != RespEndpoint(master) && writtenTo.Count(w => w != RespEndpoint(master)) >= 20) break;
            }
            output.WriteLine($"{cutAt.Elapsed.TotalSeconds:F1} s: {errors} timeouts; writes went to {string.Join(", ", writtenTo.Distinct())}");

            Assert.True(errors <= 1, $"{errors} writes timed out");
            var promoted = nodes.Single(n => RespEndpoint(n) == client.Topology.Master?.RespEndpoint);
            Assert.NotEqual(master, promoted);
            var firstOnPromoted = writtenTo.IndexOf(RespEndpoint(promoted));
            Assert.True(firstOnPromoted >= 0, "no write reached the promoted master");
            Assert.DoesNotContain(RespEndpoint(master), writtenTo.Skip(firstOnPromoted));
            Assert.True((await CommandAsync(master, "SET", "x", "1")).IsError, "the cut-off master still accepts writes");
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }
}
