using System.Globalization;
using ActorReplication.Integration.Tests.Cluster;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Replication;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>
/// A master and its replica as real node processes, from the shipped <c>hocon/master.conf</c> and <c>replica-1.conf</c>
/// on free ports (membership on, the replica following the master by config). Ready once the replica's link is up.
/// </summary>
public sealed class MasterReplicaCluster : IAsyncLifetime
{
    private HoconClusterNode? _master;
    private HoconClusterNode? _replica;

    public HoconClusterNode Master => _master ?? throw new InvalidOperationException("not started");

    public HoconClusterNode Replica => _replica ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var ports = HoconClusterNode.FreePorts();
        _master = HoconClusterNode.Launch("master", ports);
        _replica = HoconClusterNode.Launch("replica-1", ports);
        await Task.WhenAll(_master.WaitUntilReadyAsync(ServerProcess.StartTimeout), _replica.WaitUntilReadyAsync(ServerProcess.StartTimeout));
        await WaitForLinkAsync(_replica);
        // Discovery from one seed goes through membership: both nodes must see both Up.
        foreach (var node in new[] { _master, _replica }) await WaitForMembersUpAsync(node, 2);
    }

    /// <summary>Until <paramref name="node"/>'s INFO membership shows <paramref name="count"/> members, all up and reachable.</summary>
    public static Task WaitForMembersUpAsync(ServerProcess node, int count) =>
        Eventually.TrueAsync(async () =>
        {
            var info = await InfoAsync(node, "membership");
            var members = info.Where(f => f.Key.StartsWith("member", StringComparison.Ordinal) && f.Key != "members").Select(f => f.Value).ToList();
            return members.Count == count && members.All(m => m.Contains(",status=up,", StringComparison.Ordinal) && m.Contains(",reachable=1,", StringComparison.Ordinal));
        }, ReplNode.SyncTimeout, async () => $"{count} members up on :{node.Port}\n{string.Join('\n', await InfoAsync(node, "membership"))}");

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _replica, _master })
        {
            if (node is null) continue;
            await node.ShutdownAsync();
            node.Dispose();
        }
    }

    public static string RespEndpoint(ServerProcess node) => "127.0.0.1:" + node.Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<Dictionary<string, string>> InfoAsync(ServerProcess node, string section)
    {
        using var client = await node.ConnectAsync();
        var text = (await client.CommandAsync("INFO", section)).Text;
        var fields = new Dictionary<string, string>();
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#')) fields[line[..colon]] = line[(colon + 1)..];
        }
        return fields;
    }

    public static async Task<Reply> CommandAsync(ServerProcess node, params string[] args)
    {
        using var client = await node.ConnectAsync();
        return await client.CommandAsync(args);
    }

    /// <summary>Until the replica's link to its master is up and no sync is in progress.</summary>
    public static Task WaitForLinkAsync(ServerProcess replica) =>
        Eventually.TrueAsync(async () =>
        {
            var info = await InfoAsync(replica, "replication");
            return info.GetValueOrDefault("master_link_status") == "up" && info.GetValueOrDefault("master_sync_in_progress") == "0";
        }, ReplNode.SyncTimeout, async () => $"replica link up on :{replica.Port}\n{string.Join('\n', await InfoAsync(replica, "replication"))}");
}
