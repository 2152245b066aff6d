using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// What a replica says while its master holds the first full sync back for repl-diskless-sync-delay (the wait a
/// newcomer meets right after <c>deploy/cluster.sh start</c>): the same fields as redis-server's replica in the same
/// situation, checked side by side. Redis 7 counts waiting for the PSYNC reply as part of the handshake:
/// <c>master_link_status:down</c>, <c>master_sync_in_progress:0</c>, ROLE state <c>handshake</c> and offset -1.
/// </summary>
public sealed class FirstSyncTests
{
    private static readonly string[] Fields = ["role", "master_link_status", "master_sync_in_progress"];

    [Fact]
    public async Task A_replica_waiting_out_the_diskless_delay_reads_as_redis_replica_does()
    {
        string redisView;
        using (var master = await RedisServerProcess.StartAsync("--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "60"))
        using (var replica = await RedisServerProcess.StartAsync("--replicaof", "127.0.0.1", Port(master.Port)))
        {
            redisView = await WaitingViewAsync(master.Port, replica.Port);
            await ReleaseAsync(master.Port, replica.Port);
        }

        await using var ourMaster = await ReplNode.StartAsync("--set", "replication.repl-diskless-sync-delay=60s");
        await using var ourReplica = await ReplNode.StartAsync("--replicaof", $"127.0.0.1 {ourMaster.Port}");
        var ourView = await WaitingViewAsync(ourMaster.Port, ourReplica.Port);
        Assert.Equal(redisView, ourView);
        Assert.Contains("master_link_status:down", ourView, StringComparison.Ordinal);
        Assert.Contains("ROLE state:handshake offset:-1", ourView, StringComparison.Ordinal);

        // The wait ends with the delay: the transfer runs and the link comes up.
        await ReleaseAsync(ourMaster.Port, ourReplica.Port);
        await Eventually.InSyncAsync(ourMaster, ourReplica);
        Assert.Equal("connected", await RoleStateAsync(ourReplica.Port));
    }

    /// <summary>Once the master lists the replica as waiting for the snapshot (it has asked for a sync): the replica's fields and ROLE state.</summary>
    private static async Task<string> WaitingViewAsync(int masterPort, int replicaPort)
    {
        await Eventually.TrueAsync(
            async () => (await InfoAsync(masterPort)).GetValueOrDefault("slave0", "").Contains("state=wait_bgsave", StringComparison.Ordinal),
            ReplNode.SyncTimeout,
            async () => $"the master on {masterPort} lists a replica waiting for the snapshot:\n{string.Join('\n', await InfoAsync(masterPort))}");
        var info = await InfoAsync(replicaPort);
        var lines = Fields.Select(f => $"{f}:{info.GetValueOrDefault(f, "(absent)")}").ToList();
        var role = (await RedisCli.RunAsync(replicaPort, "role")).Lines;
        lines.Add($"ROLE state:{role[3]} offset:{role[4]}");
        return string.Join('\n', lines);
    }

    private static async Task ReleaseAsync(int masterPort, int replicaPort)
    {
        var set = await RedisCli.RunAsync(masterPort, "config", "set", "repl-diskless-sync-delay", "0");
        Assert.Equal("OK", set.Output.Trim());
        await Eventually.TrueAsync(async () => (await InfoAsync(replicaPort)).GetValueOrDefault("master_link_status") == "up",
            ReplNode.SyncTimeout, async () => $"the replica on {replicaPort} is up:\n{string.Join('\n', await InfoAsync(replicaPort))}");
    }

    private static async Task<string> RoleStateAsync(int port) => (await RedisCli.RunAsync(port, "role")).Lines[3];

    private static async Task<Dictionary<string, string>> InfoAsync(int port)
    {
        var fields = new Dictionary<string, string>();
        foreach (var line in (await RedisCli.RunAsync(port, "info", "replication")).Lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) fields[line[..colon]] = line[(colon + 1)..].TrimEnd('\r');
        }
        return fields;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
