using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Cluster;

/// <summary>
/// Cluster membership between real node processes started from the shipped HOCON files (copies with free ports and a
/// faster failure detector: heartbeat 200ms, acceptable pause 1s, stable-after 2s), seen through redis-cli.
/// </summary>
public sealed class MembershipTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Three_nodes_from_the_hocon_files_show_each_other_up_and_a_killed_one_is_downed_and_removed()
    {
        var nodes = await HoconClusterNode.StartLocalClusterAsync();
        try
        {
            var (master, replica1, replica2) = (nodes[0], nodes[1], nodes[2]);
            var leader = nodes.OrderBy(n => n.RemotePort).First().Address; // first in address order

            // All three Up and reachable in everybody's INFO membership, each with its RESP endpoint.
            var views = new List<MembershipView>();
            foreach (var node in nodes)
                views.Add(await MembershipView.AwaitAsync(node.Port,
                    v => v.Count == 3 && v.Leader == leader && v.Members.All(m => m.Status == "up" && m.Reachable),
                    "3 members up and reachable", Patience));
            foreach (var (node, view) in nodes.Zip(views))
            {
                Assert.Equal((node.Address, "up"), (view.Self, view.State));
                Assert.Equal(nodes.Select(n => n.Address).Order(StringComparer.Ordinal), view.Members.Select(m => m.Address).Order(StringComparer.Ordinal));
                Assert.All(nodes, n => Assert.Equal($"127.0.0.1:{n.Port}", view.Member(n.Address)!.Resp));
                Assert.Equal(views[0].Members.Select(m => (m.Address, m.Uid)), view.Members.Select(m => (m.Address, m.Uid)));
            }

            // kill -9 one: the others see it unreachable, then keep-majority downs it and the leader removes it.
            replica2.Process.Kill();
            Assert.True(await replica2.Process.WaitForExitAsync(Patience));
            foreach (var survivor in new[] { master, replica1 })
                await MembershipView.AwaitAsync(survivor.Port, v => v.Member(replica2.Address) is { Reachable: false } or null,
                    "the killed node unreachable", Patience);
            foreach (var survivor in new[] { master, replica1 })
            {
                var view = await MembershipView.AwaitAsync(survivor.Port,
                    v => v.Count == 2 && v.Member(replica2.Address) is null && v.Members.All(m => m.Status == "up" && m.Reachable),
                    "the killed node removed, the other two up", Patience);
                Assert.Equal(Math.Min(master.RemotePort, replica1.RemotePort), int.Parse(view.Leader[(view.Leader.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            }
            var logs = master.Process.StandardOutput + replica1.Process.StandardOutput;
            // Akka.Cluster's split-brain resolver (keep-majority) decided, and the leader removed the downed node.
            Assert.Contains($"SBR took decision Akka.Cluster.SBR.DownUnreachable and is downing [{replica2.Address}]", logs, StringComparison.Ordinal);
            Assert.Contains($"Leader is removing unreachable node [{replica2.Address}]", logs, StringComparison.Ordinal);

            // An operator asks replica-1 to leave, through the master: it goes, and knows it.
            Assert.Equal("ERR unknown member 'akka.tcp://node@127.0.0.1:1' (not in INFO membership)",
                (await RedisCli.RunAsync(master.Port, "member", "down", "akka.tcp://node@127.0.0.1:1")).Output.Trim());
            Assert.Equal("OK", (await RedisCli.RunAsync(master.Port, "member", "leave", replica1.Address)).Output.Trim());
            await MembershipView.AwaitAsync(master.Port, v => v.Count == 1 && v.Members[0].Address == master.Address, "replica-1 left", Patience);
            await MembershipView.AwaitAsync(replica1.Port, v => v.State == "removed", "replica-1 knows it left", Patience);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    [Fact]
    public async Task A_node_without_cluster_config_shows_no_members_and_refuses_member_commands()
    {
        using var node = await NodeProcess.StartAsync();
        var view = await MembershipView.ReadAsync(node.Port);
        Assert.StartsWith("akka.tcp://node@127.0.0.1:", view.Self, StringComparison.Ordinal);
        Assert.Equal(("off", "", 0), (view.State, view.Leader, view.Count));
        Assert.Contains("# Membership", (await RedisCli.RunAsync(node.Port, "info", "all")).Output, StringComparison.Ordinal);
        Assert.DoesNotContain("# Membership", (await RedisCli.RunAsync(node.Port, "info")).Output, StringComparison.Ordinal);

        async Task<string> Member(params string[] args) => (await RedisCli.RunAsync(node.Port, ["member", .. args])).Output.Trim();
        Assert.StartsWith("ERR cluster membership is not enabled on this node", await Member("down", view.Self), StringComparison.Ordinal);
        Assert.Equal("ERR wrong number of arguments for 'member' command", await Member());
        Assert.Equal("ERR wrong number of arguments for 'member|leave' command", await Member("leave"));
        Assert.Equal("ERR unknown subcommand 'forget'. Try MEMBER HELP.", await Member("forget", view.Self));
        Assert.Contains("LEAVE <address>", await Member("help"), StringComparison.Ordinal);
    }
}
