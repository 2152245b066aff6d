using Akka.Actor;
using ActorReplication.Node.Hosting;
using ActorReplication.Resp;
using ActorReplication.Node.Membership;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Server;

/// <summary>
/// <c>MEMBER DOWN &lt;address&gt;</c> and <c>MEMBER LEAVE &lt;address&gt;</c>: an operator downs a member (declares it
/// dead; the leader then removes it) or asks one to leave gracefully (Leaving → Exiting → Removed). The address is
/// a member's as INFO membership shows it (<c>akka.tcp://node@host:port</c>). Both answer <c>+OK</c> once the request
/// is handed to this node's cluster daemon (the change then spreads by gossip), or <c>-ERR</c> for bad syntax, an
/// address that is not a member in this node's view, or a node without cluster membership.
/// </summary>
public static class MembershipCommands
{
    public static readonly Subcommands.Definition[] Table = [new("DOWN", 3), new("LEAVE", 3), new("HELP", 2)];

    private static readonly string[] Help =
    [
        "DOWN <address>",
        "    Declare the member at <address> (akka.tcp://system@host:port) dead; the leader removes it.",
        "LEAVE <address>",
        "    Ask the member at <address> to leave the cluster gracefully.",
    ];

    public static void Execute(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount < 2)
        {
            reply.WriteError("ERR wrong number of arguments for 'member' command");
            return;
        }
        var sub = Subcommands.Resolve(command, "member", Table, reply)?.Name;
        if (sub is null) return;
        if (sub == "HELP")
        {
            Subcommands.WriteHelp(reply, "member", Help);
            return;
        }
        if (!NodeActorSystem.IsClusterMember(node.Config))
        {
            reply.WriteError("ERR cluster membership is not enabled on this node (set akka.cluster.seed-nodes or akka.actor.provider = cluster)");
            return;
        }
        var cluster = AkkaCluster.Get(node.System);
        var text = command.ArgString(2);
        if (!Address.TryParse(text, out var address) || address.Host is null)
        {
            reply.WriteError($"ERR invalid member address '{Subcommands.Truncate(text)}': expected akka.tcp://system@host:port as INFO membership shows it");
            return;
        }
        if (!cluster.State.Members.Any(m => m.Address.Equals(address)))
        {
            reply.WriteError($"ERR unknown member '{Subcommands.Truncate(text)}' (not in INFO membership)");
            return;
        }
        if (sub == "DOWN") cluster.Down(address);
        else cluster.Leave(address);
        reply.WriteOk();
    }
}
