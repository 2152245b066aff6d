using ActorReplication.Integration.Tests.Replication;
using static ActorReplication.Integration.Tests.Cluster.NodeProbe;

namespace ActorReplication.Integration.Tests.Cluster;

/// <summary>
/// A member the cluster downed comes back without a process restart: the node replaces its ActorSystem, rejoins under
/// a new incarnation (uid), keeps its data and continues its replication history (real processes from the shipped
/// HOCON files, fast failure detector).
/// </summary>
public sealed class RejoinTests
{
    [Fact]
    public async Task A_downed_replica_rejoins_as_a_new_incarnation_with_its_data_and_resyncs_partially()
    {
        var nodes = await HoconClusterNode.StartLocalClusterAsync();
        try
        {
            var (master, replica1, replica2) = (nodes[0], nodes[1], nodes[2]);
            await MembershipView.AwaitAsync(master.Port, v => v.Count == 3 && v.Members.All(m => m.Status == "up"), "3 members up", Patience);
            foreach (var replica in new[] { replica1, replica2 }) await AwaitFollowingAsync(replica, master);

            // Writes in db 0 and, last, in db 3: the stream after the rejoin goes on in db 3 without a new SELECT.
            using (var client = await master.ConnectAsync())
            {
                for (var i = 0; i < 100; i++) Assert.Equal("OK", (await client.CommandAsync("SET", $"k:{i}", $"v{i}")).Line);
                Assert.Equal("OK", (await client.CommandAsync("SELECT", "3")).Line);
                Assert.Equal("OK", (await client.CommandAsync("SET", "in-db-3", "before")).Line);
                Assert.Equal(2, (await client.CommandAsync("WAIT", "2", "10000")).Integer);
            }
            var statsBefore = await InfoAsync(master, "stats");
            var oldUid = (await MembershipView.ReadAsync(master.Port)).Member(replica2.Address)!.Uid;

            Assert.Equal("OK", await TextAsync(master, "MEMBER", "DOWN", replica2.Address));

            // The same address comes back Up under a new uid, in the master's view and its own.
            await MembershipView.AwaitAsync(master.Port,
                v => v.Count == 3 && v.Member(replica2.Address) is { Status: "up" } m && m.Uid != oldUid, "replica-2 up again under a new uid", Patience);
            await MembershipView.AwaitAsync(replica2.Port, v => v.State == "up" && v.Count == 3, "replica-2 a member again", Patience);
            Assert.Contains("starting a new ActorSystem to rejoin; the data stays", replica2.Process.StandardOutput, StringComparison.Ordinal);

            // It kept its data and continued the stream where it was: a partial resync, no full one.
            await AwaitFollowingAsync(replica2, master);
            using (var client = await master.ConnectAsync())
            {
                Assert.Equal("OK", (await client.CommandAsync("SELECT", "3")).Line);
                Assert.Equal("OK", (await client.CommandAsync("SET", "in-db-3", "after")).Line);
                Assert.Equal(2, (await client.CommandAsync("WAIT", "2", "10000")).Integer);
            }
            var statsAfter = await InfoAsync(master, "stats");
            Assert.Equal(statsBefore["sync_full"], statsAfter["sync_full"]);
            Assert.True(long.Parse(statsAfter["sync_partial_ok"]) > long.Parse(statsBefore["sync_partial_ok"]), $"sync_partial_ok {statsBefore["sync_partial_ok"]} -> {statsAfter["sync_partial_ok"]}");
            Assert.Equal("v42", await TextAsync(replica2, "GET", "k:42"));
            using (var client = await replica2.ConnectAsync())
            {
                Assert.Equal("OK", (await client.CommandAsync("SELECT", "3")).Line);
                Assert.Equal("after", (await client.CommandAsync("GET", "in-db-3")).Text);
            }
            Assert.Equal(await TextAsync(master, "DEBUG", "DIGEST"), await TextAsync(replica2, "DEBUG", "DIGEST"));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// The master downed by an operator with auto-failover on: the leader promotes a replica, and the old master
    /// comes back as a new incarnation that follows the promoted one with a partial resync, keeping every write.
    /// </summary>
    [Fact]
    public async Task A_downed_master_rejoins_as_a_replica_of_the_promoted_one_with_a_partial_resync()
    {
        const string overrides = HoconClusterNode.FastOverrides + """

            replication {
              replicaof = ""
              follow = cluster
              auto-failover = on
              topology-interval = 200ms
              repl-diskless-sync-delay = 0s
            }
            """;
        var nodes = await HoconClusterNode.StartLocalClusterAsync(overrides);
        try
        {
            var master = await AwaitSingleMasterAsync(nodes);
            var others = nodes.Where(n => n != master).ToArray();
            foreach (var replica in others) await AwaitFollowingAsync(replica, master);
            using (var client = await master.ConnectAsync())
            {
                for (var i = 0; i < 100; i++) Assert.Equal("OK", (await client.CommandAsync("SET", $"k:{i}", $"v{i}")).Line);
                Assert.Equal(2, (await client.CommandAsync("WAIT", "2", "10000")).Integer);
            }

            Assert.Equal("OK", await TextAsync(others[0], "MEMBER", "DOWN", master.Address));

            HoconClusterNode? promoted = null;
            await Eventually.TrueAsync(async () =>
            {
                foreach (var node in others)
                    if ((await InfoAsync(node)).GetValueOrDefault("role") == "master") promoted = node;
                return promoted is not null;
            }, Patience, () => Describe(nodes));
            await AwaitFollowingAsync(master, promoted!);
            Assert.Contains("starting a new ActorSystem to rejoin; the data stays", master.Process.StandardOutput, StringComparison.Ordinal);
            Assert.Equal("OK", await TextAsync(promoted!, "SET", "after-rejoin", "1"));
            await Eventually.TrueAsync(async () => (await CommandAsync(master, "GET", "after-rejoin")).Text == "1", Patience, () => Describe(nodes));
            Assert.Equal("v99", await TextAsync(master, "GET", "k:99"));
            Assert.Equal("0", (await InfoAsync(promoted!, "stats"))["sync_full"]);
            Assert.Equal(await TextAsync(promoted!, "DEBUG", "DIGEST"), await TextAsync(master, "DEBUG", "DIGEST"));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }
}
