using System.Diagnostics;
using System.Globalization;
using ActorReplication.Integration.Tests.Cluster;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Replication;
using Xunit.Abstractions;
using static ActorReplication.Integration.Tests.Cluster.NodeProbe;

namespace ActorReplication.Integration.Tests.Failover;

/// <summary>
/// Follow-the-cluster mode between real node processes started from copies of the shipped HOCON files, with
/// <c>replication.replicaof</c> emptied and <c>replication.follow = cluster</c> instead, and the fast failure detector
/// of the membership tests: no REPLICAOF is ever typed.
/// </summary>
public sealed class FollowClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Follow = """

        replication {
          replicaof = ""
          follow = cluster
          topology-interval = 200ms
          repl-diskless-sync-delay = 0s
        }
        """;

    private const string AutoFailover = Follow + """

        replication.auto-failover = on
        """;

    [Fact]
    public async Task Three_nodes_following_the_cluster_attach_to_the_oldest_member_without_replicaof()
    {
        var nodes = await HoconClusterNode.StartLocalClusterAsync(HoconClusterNode.FastOverrides + Follow);
        try
        {
            // The oldest Up member starts as master (up-numbers follow the leader's address order when several
            // become Up in one round), the others follow it.
            var first = await AwaitSingleMasterAsync(nodes);
            var others = nodes.Where(n => n != first).ToArray();
            foreach (var replica in others) await AwaitFollowingAsync(replica, first);
            Assert.Equal("OK", await TextAsync(first, "SET", "greeting", "hello"));
            foreach (var replica in others)
            {
                await Eventually.TrueAsync(async () => await TextAsync(replica, "GET", "greeting") == "hello", Patience, () => Describe(nodes));
                var refused = await CommandAsync(replica, "SET", "x", "1");
                Assert.Equal("READONLY You can't write against a read only replica.", refused.Line);
            }
            Assert.Contains("Topology: starting as master of group default under epoch 1", first.Process.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// kill -9 of the master with auto-failover on: the majority downs it, the leader promotes a replica, the other
    /// replica follows the promoted one with a partial resync, and every write acknowledged by WAIT 1 is there.
    /// </summary>
    [Fact]
    public async Task Kill_9_of_the_master_promotes_a_replica_the_other_follows_partially_and_no_acknowledged_write_is_lost()
    {
        const string overrides = HoconClusterNode.FastOverrides + AutoFailover;
        var ports = HoconClusterNode.FreePorts();
        var nodes = new[] { "master", "replica-1", "replica-2" }.Select(name => HoconClusterNode.Launch(name, ports, overrides)).ToArray();
        HoconClusterNode? restarted = null;
        try
        {
            await Task.WhenAll(nodes.Select(n => n.WaitUntilReadyAsync(ServerProcess.StartTimeout)));
            var master = await AwaitSingleMasterAsync(nodes);
            var survivors = nodes.Where(n => n != master).ToArray();
            foreach (var replica in survivors) await AwaitFollowingAsync(replica, master);

            using (var client = await master.ConnectAsync())
            {
                for (var i = 0; i < 200; i++)
                {
                    Assert.Equal("OK", (await client.CommandAsync("SET", $"k:{i}", $"v{i}")).Line);
                    if (i % 20 == 19) Assert.True((await client.CommandAsync("WAIT", "1", "5000")).Integer >= 1, "WAIT 1 acknowledged");
                }
                Assert.True((await client.CommandAsync("WAIT", "1", "5000")).Integer >= 1);
            }

            var killedAt = Stopwatch.StartNew();
            master.Process.Kill();
            Assert.True(await master.Process.WaitForExitAsync(Patience));

            HoconClusterNode? promoted = null;
            await Eventually.TrueAsync(async () =>
            {
                foreach (var node in survivors)
                {
                    var reply = await CommandAsync(node, "SET", "after-failover", "1");
                    if (!reply.IsError) promoted = node;
                }
                return promoted is not null;
            }, Patience, () => Describe(survivors));
            output.WriteLine($"kill -9 → promoted master accepts writes: {killedAt.Elapsed.TotalSeconds:F1} s (test timings)");
            var sibling = survivors.Single(n => n != promoted);

            await AwaitFollowingAsync(sibling, promoted!);
            await Eventually.TrueAsync(async () => await TextAsync(sibling, "GET", "after-failover") == "1", Patience, () => Describe(survivors));
            var stats = await InfoAsync(promoted!, "stats");
            Assert.Equal(("0", "1"), (stats["sync_full"], stats["sync_partial_ok"]));
            for (var i = 0; i < 200; i++) Assert.Equal($"v{i}", await TextAsync(promoted!, "GET", $"k:{i}"));
            Assert.Contains("automatic failover: promoting", survivors[0].Process.StandardOutput + survivors[1].Process.StandardOutput, StringComparison.Ordinal);

            // The old master restarted (same ports, new incarnation) comes back as a replica of the promoted one, by a
            // full sync: it kept nothing across the restart.
            restarted = HoconClusterNode.Launch(master.Name, ports, overrides);
            await restarted.WaitUntilReadyAsync(ServerProcess.StartTimeout);
            await AwaitFollowingAsync(restarted, promoted!);
            Assert.Equal("v7", await TextAsync(restarted, "GET", "k:7"));
            Assert.Equal(("1", "1"), ((await InfoAsync(promoted!, "stats"))["sync_full"], (await InfoAsync(promoted!, "stats"))["sync_partial_ok"]));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            restarted?.Dispose();
        }
    }

    /// <summary>
    /// FAILOVER TO in follow-the-cluster mode: the target stays master (the topology takes the hand-over as the group's
    /// new master, it does not undo it), the old master follows it, and membership re-points the other replica to it.
    /// </summary>
    [Fact]
    public async Task Failover_to_a_replica_in_follow_mode_is_kept_and_the_sibling_is_re_pointed()
    {
        var nodes = await HoconClusterNode.StartLocalClusterAsync(HoconClusterNode.FastOverrides + Follow);
        try
        {
            var master = await AwaitSingleMasterAsync(nodes);
            var others = nodes.Where(n => n != master).ToArray();
            foreach (var replica in others) await AwaitFollowingAsync(replica, master);
            Assert.Equal("OK", await TextAsync(master, "SET", "before", "1"));
            var target = others[0];
            var sibling = others[1];
            Assert.Equal("OK", await TextAsync(master, "FAILOVER", "TO", "127.0.0.1", target.Port.ToString(CultureInfo.InvariantCulture), "TIMEOUT", "10000"));

            await AwaitFollowingAsync(master, target);
            await AwaitFollowingAsync(sibling, target);
            Assert.Equal("OK", await TextAsync(target, "SET", "after", "2"));
            await Eventually.TrueAsync(async () => await TextAsync(sibling, "GET", "after") == "2" && await TextAsync(master, "GET", "after") == "2",
                Patience, () => Describe(nodes));
            Assert.Equal("1", await TextAsync(target, "GET", "before"));
            Assert.Equal("0", (await InfoAsync(target, "stats"))["sync_full"]);
            Assert.Equal("master", (await InfoAsync(target))["role"]);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// The master cut off from both replicas (remoting blackholed both ways with DEBUG REMOTE-BLACKHOLE, real processes):
    /// it is in the minority, so it stops accepting writes, and the majority promotes a replica. Every node is probed
    /// with a write, in turn, round after round: no round has two nodes accepting, and once the promoted replica has
    /// accepted, the old master never does again. After the cut heals the old master still refuses writes (it saw
    /// itself downed) and the other replica follows the promoted one.
    /// </summary>
    [Fact]
    public async Task A_master_cut_off_into_the_minority_never_accepts_writes_together_with_the_promoted_replica()
    {
        const string overrides = HoconClusterNode.FastOverrides + AutoFailover + HoconClusterNode.FaultInjection;
        var nodes = await HoconClusterNode.StartLocalClusterAsync(overrides);
        try
        {
            var master = await AwaitSingleMasterAsync(nodes);
            var others = nodes.Where(n => n != master).ToArray();
            foreach (var replica in others) await AwaitFollowingAsync(replica, master);
            Assert.Equal("OK", await TextAsync(master, "SET", "before-the-cut", "1"));

            foreach (var other in others)
            {
                Assert.Equal("OK", await TextAsync(master, "DEBUG", "REMOTE-BLACKHOLE", other.Address));
                Assert.Equal("OK", await TextAsync(other, "DEBUG", "REMOTE-BLACKHOLE", master.Address));
            }

            var rounds = new List<string[]>();
            async Task<string[]> ProbeRoundAsync()
            {
                var accepting = new List<string>();
                foreach (var node in nodes)
                    if (!(await CommandAsync(node, "SET", "probe", node.Name)).IsError) accepting.Add(node.Name);
                rounds.Add([.. accepting]);
                return [.. accepting];
            }
            HoconClusterNode? promoted = null;
            await Eventually.TrueAsync(async () =>
            {
                var accepting = await ProbeRoundAsync();
                promoted = others.FirstOrDefault(o => accepting.Contains(o.Name));
                return promoted is not null;
            }, Patience, () => Describe(nodes));
            var promotedRound = rounds.Count - 1;
            for (var i = 0; i < 10; i++) await ProbeRoundAsync();
            output.WriteLine($"{rounds.Count} probing rounds: {string.Join(" | ", rounds.Select(r => string.Join(',', r)))}");
            Assert.All(rounds, accepting => Assert.True(accepting.Length <= 1, $"two accepting masters: {string.Join(", ", accepting)}"));
            Assert.All(rounds.Skip(promotedRound), accepting => Assert.DoesNotContain(master.Name, accepting));

            foreach (var other in others)
            {
                Assert.Equal("OK", await TextAsync(master, "DEBUG", "REMOTE-HEAL", other.Address));
                Assert.Equal("OK", await TextAsync(other, "DEBUG", "REMOTE-HEAL", master.Address));
            }
            var sibling = others.Single(n => n != promoted);
            await AwaitFollowingAsync(sibling, promoted!);
            Assert.Equal("1", await TextAsync(promoted!, "GET", "before-the-cut"));
            var refused = await CommandAsync(master, "SET", "after-the-heal", "1");
            Assert.True(refused.IsError && refused.Line.StartsWith("READONLY", StringComparison.Ordinal), $"the deposed master answered {refused}");
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }
}
