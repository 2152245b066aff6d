using System.Text;
using ActorReplication.Cluster;
using ActorReplication.Node.Hosting;
using ClusterNode = ActorReplication.Cluster.Cluster;

namespace ActorReplication.Node.Server;

/// <summary>
/// <c>INFO membership</c>: this node's view of cluster membership, read from the cluster's read view
/// (<see cref="ClusterNode.State"/>, kept up to date by a subscriber actor), so rendering never waits on the daemon:
/// INFO runs inside the keyspace actor's turn.
/// <code>
/// # Membership
/// self:ar.tcp://node@127.0.0.1:16379
/// state:up
/// leader:ar.tcp://node@127.0.0.1:16379
/// members:3
/// member0:address=ar.tcp://node@127.0.0.1:16379,uid=4711,status=up,roles=,reachable=1,resp=127.0.0.1:6379
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
        var cluster = ClusterNode.TryGet(node.System);
        Field(s, "self", node.Remote.Address);
        if (cluster is null)
        {
            Field(s, "state", "off");
            Field(s, "leader", "");
            Field(s, "members", 0);
            return;
        }
        var state = cluster.State;
        var self = cluster.SelfMember;
        Field(s, "state", cluster.IsShutDown ? (self?.Status == MemberStatus.Down ? "down" : "removed") : self is null ? "joining" : StatusName(self.Status));
        Field(s, "leader", state.Leader?.ToString() ?? "");
        Field(s, "members", state.Members.Count);
        var i = 0;
        foreach (var m in state.Members)
        {
            var reachable = state.Unreachable.Contains(m) ? 0 : 1;
            s.Append("member").Append(i++).Append(":address=").Append(m.Address)
                .Append(",uid=").Append(m.UniqueAddress.Uid)
                .Append(",status=").Append(StatusName(m.Status))
                .Append(",roles=").AppendJoin('|', m.Roles)
                .Append(",reachable=").Append(reachable)
                .Append(",resp=").Append(m.RespEndpoint)
                .Append("\r\n");
        }
    }

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
