using System.Text;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Membership;
using ActorReplication.Replication.Topology;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Server;

/// <summary>
/// <c>INFO membership</c>: this node's view of cluster membership, read from the cluster's read view
/// (Akka.Cluster's <see cref="AkkaCluster.State"/>, kept up to date by its read view), so rendering never waits on it:
/// INFO runs inside the keyspace actor's turn.
/// <code>
/// # Membership
/// self:akka.tcp://node@127.0.0.1:16379
/// state:up
/// leader:akka.tcp://node@127.0.0.1:16379
/// members:3
/// member0:address=akka.tcp://node@127.0.0.1:16379,uid=4711,status=up,roles=,reachable=1,resp=127.0.0.1:6379
/// </code>
/// <c>state</c> is <c>off</c> (no cluster configured: then <c>members:0</c>, empty leader), <c>joining</c> (asking the
/// seeds, or Joining), this node's status once a member (<c>up</c>, <c>leaving</c>, <c>exiting</c>, <c>down</c>) or
/// <c>removed</c> (downed or removed: it left the cluster and must restart to rejoin). Members are in address order;
/// roles are separated by <c>|</c>; <c>reachable:0</c> when any member's failure detector gave up on it.
/// </summary>
public static class MembershipInfo
{
    public static void Append(StringBuilder s, NodeRuntime node)
    {
        if (s.Length > 0) s.Append("\r\n");
        s.Append("# Membership\r\n");
        Field(s, "self", node.RemoteAddress);
        if (!NodeActorSystem.IsClusterMember(node.Config))
        {
            Field(s, "state", "off");
            Field(s, "leader", "");
            Field(s, "members", 0);
            return;
        }
        var cluster = AkkaCluster.Get(node.System);
        var state = cluster.State;
        var self = cluster.SelfMember;
        Field(s, "state", cluster.IsTerminated ? (self.Status == MemberStatus.Down ? "down" : "removed") : StatusName(self.Status));
        Field(s, "leader", state.Leader?.ToString() ?? "");
        Field(s, "members", state.Members.Count);
        var i = 0;
        foreach (var m in state.Members)
        {
            var reachable = state.Unreachable.Contains(m) ? 0 : 1;
            s.Append("member").Append(i++).Append(":address=").Append(m.Address)
                .Append(",uid=").Append(m.UniqueAddress.Uid)
                .Append(",status=").Append(StatusName(m.Status))
                .Append(",roles=").AppendJoin('|', m.Roles.Where(IsUserRole).Order(StringComparer.Ordinal))
                .Append(",reachable=").Append(reachable)
                .Append(",resp=").Append(ClusterMembershipFeed.RespEndpointOf(m))
                .Append("\r\n");
        }
    }

    // Akka's data-center role and our RESP endpoint role are shown elsewhere (resp=), not among the user's roles.
    private static bool IsUserRole(string role) =>
        !role.StartsWith("dc-", StringComparison.Ordinal) && !role.StartsWith(ClusterMembershipFeed.RespRolePrefix, StringComparison.Ordinal);

    public static string StatusName(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "joining",
        MemberStatus.WeaklyUp => "weakly-up",
        MemberStatus.Up => "up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Exiting => "exiting",
        MemberStatus.Down => "down",
        _ => "removed",
    };

    private static void Field(StringBuilder s, string name, object value) => s.Append(name).Append(':').Append(value).Append("\r\n");
}
