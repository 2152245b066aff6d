using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Replication;

namespace ActorReplication.Integration.Tests.Cluster;

/// <summary>What the cluster tests ask real nodes over RESP: a command, INFO fields, "follows that master", a description for failures.</summary>
internal static class NodeProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task AwaitFollowingAsync(HoconClusterNode replica, HoconClusterNode master) =>
        await Eventually.TrueAsync(async () =>
        {
            var info = await InfoAsync(replica);
            return info.GetValueOrDefault("role") == "slave" && info.GetValueOrDefault("master_port") == master.Port.ToString(CultureInfo.InvariantCulture)
                && info.GetValueOrDefault("master_link_status") == "up";
        }, Patience, () => Describe([replica, master]));

    public static async Task<Reply> CommandAsync(ServerProcess node, params string[] args)
    {
        using var client = await node.ConnectAsync();
        return await client.CommandAsync(args);
    }

    public static async Task<string> TextAsync(ServerProcess node, params string[] args)
    {
        var reply = await CommandAsync(node, args);
        Assert.False(reply.IsError, $"{string.Join(' ', args)} answered {reply}");
        return reply.Text;
    }

    public static async Task<Dictionary<string, string>> InfoAsync(ServerProcess node, string section = "replication")
    {
        var fields = new Dictionary<string, string>();
        foreach (var line in (await TextAsync(node, "INFO", section)).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith('#')) fields[line[..colon]] = line[(colon + 1)..];
        }
        return fields;
    }

    public static async Task<string> Describe(IEnumerable<HoconClusterNode> nodes)
    {
        var text = new System.Text.StringBuilder();
        foreach (var node in nodes)
        {
            text.Append("--- ").Append(node).Append(" ---\n");
            try
            {
                text.Append(await TextAsync(node, "INFO", "replication")).Append('\n');
            }
            catch (Exception e)
            {
                text.Append(e.Message).Append('\n');
            }
            text.Append(Eventually.Tail(node.Process.StandardOutput, 30)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Waits until exactly one node says role:master and the others role:slave; returns the master.</summary>
    public static async Task<HoconClusterNode> AwaitSingleMasterAsync(HoconClusterNode[] nodes)
    {
        HoconClusterNode? master = null;
        await Eventually.TrueAsync(async () =>
        {
            var roles = new List<string>();
            foreach (var node in nodes) roles.Add((await InfoAsync(node)).GetValueOrDefault("role", ""));
            master = roles.Count(r => r == "master") == 1 && roles.Count(r => r == "slave") == nodes.Length - 1 ? nodes[roles.IndexOf("master")] : null;
            return master is not null;
        }, Patience, () => Describe(nodes));
        return master!;
    }
}
