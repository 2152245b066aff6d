using ActorReplication.Client.Protocol;
using ActorReplication.Node.Hosting;
using ActorReplication.Node.Membership;
using ActorReplication.Replication.Topology;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.ClientGateway;

/// <summary>
/// The answer to a client's <see cref="TopologyRequest"/>: this node's replication role and history (from the status
/// board, as INFO replication shows them) and the cluster members it knows (from membership, without asking anyone).
/// </summary>
internal static class TopologyReport
{
    public static TopologyReply Build(NodeRuntime node)
    {
        var reply = new TopologyReply
        {
            Address = node.RemoteAddress.ToString(),
            RespEndpoint = ClusterHosting.RespEndpoint(node.Settings, node.Port),
        };
        if (node.Replication is { } replication)
        {
            var info = replication.Board.Snapshot();
            reply.IsReplica = info.Replica is not null;
            reply.Offset = info.Master.MasterReplOffset;
            reply.ReplId = info.Master.MasterReplId;
            reply.ReplId2 = info.Master.MasterReplId2;
            if (replication.TopologyBoard?.Current is { } view)
            {
                reply.FencedBecause = view.FencedBecause ?? "";
                reply.Epoch = view.Epoch;
            }
            if (info.Replica is { } link)
            {
                reply.MasterHost = link.MasterHost;
                reply.MasterPort = link.MasterPort;
                reply.MasterLinkUp = link.LinkUp;
            }
        }
        if (NodeActorSystem.IsClusterMember(node.Config))
        {
            var state = AkkaCluster.Get(node.System).State;
            foreach (var member in state.Members)
            {
                reply.Members.Add(new MemberInfo
                {
                    Address = member.Address.ToString(),
                    RespEndpoint = ClusterMembershipFeed.RespEndpointOf(member),
                    Status = member.Status.ToString(),
                    Reachable = !state.Unreachable.Contains(member),
                });
            }
        }
        return reply;
    }
}
