using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// Seed 004: a master with persistence off is killed with -9 and restarted on its port, empty; its replicas (fixed
/// replicaof) refuse its empty full sync and keep every key, until the operator accepts it with REPLICAOF ... FORCE.
/// </summary>
public sealed class EmptyMasterTests
{
    [Fact]
    public async Task Replicas_of_a_master_restarted_empty_keep_their_data_until_replicaof_force()
    {
        await using var master = await ReplNode.StartAsync();
        var port = master.Port.ToString(CultureInfo.InvariantCulture);
        var replicas = await ReplNode.StartManyAsync(2, "--replicaof", $"127.0.0.1 {port}");
        try
        {
            await master.ExpectOkAsync("DEBUG", "POPULATE", "2000", "key", "16");
            await master.ExpectOkAsync("SET", "a", "1");
            foreach (var replica in replicas) await Eventually.InSyncAsync(master, replica);
            var digest = await master.DigestAsync();

            master.Process.Process.Kill();
            await using var restarted = await ReplNode.StartOnPortAsync(master.Port);
            Assert.Equal("0", await restarted.TextAsync("DBSIZE"));

            foreach (var replica in replicas)
            {
                await Eventually.TrueAsync(async () => (await replica.InfoAsync("replication")).ContainsKey("master_sync_refused_empty_master"),
                    ReplNode.SyncTimeout, async () => $"{replica} refused the empty master\n{await replica.TextAsync("INFO", "replication")}\n{Eventually.Tail(replica.Log)}");
                var info = await replica.InfoAsync("replication");
                Assert.Equal("down", info["master_link_status"]);
                Assert.StartsWith("master restarted empty: refusing to replace 2001 keys with its 0", info["master_sync_refused_reason"], StringComparison.Ordinal);
                Assert.Contains("master restarted empty: refusing to replace 2001 keys", replica.Log, StringComparison.Ordinal);
                Assert.Equal("2001", await replica.TextAsync("DBSIZE"));
                Assert.Equal(digest, await replica.DigestAsync());
                Assert.Equal("1", await replica.TextAsync("GET", "a"));
            }

            // The operator accepts the empty master on one replica: it follows it, empty; the other keeps refusing.
            await replicas[0].ExpectOkAsync("REPLICAOF", "127.0.0.1", port, "FORCE");
            await Eventually.InSyncAsync(restarted, replicas[0]);
            Assert.Equal("0", await replicas[0].TextAsync("DBSIZE"));
            Assert.False((await replicas[0].InfoAsync("replication")).ContainsKey("master_sync_refused_reason"));
            Assert.Equal("2001", await replicas[1].TextAsync("DBSIZE"));
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }
}
