namespace ActorReplication.Client.Topology;

/// <summary>
/// Chooses the master and the readable replicas from what the nodes say of themselves. A fenced master (it refuses
/// writes) is never chosen. Several nodes may call themselves master for a moment (a replica promoted while the old
/// master has not been demoted yet); the rule, in order: the higher epoch (follow-the-cluster mode), the later history
/// (a node whose replid2 is another master's replid was promoted from it), the master most replicas follow, then the
/// lowest address, so every client decides the same way.
/// </summary>
public static class TopologySelection
{
    public static ClusterTopology Choose(IReadOnlyList<NodeStatus> nodes)
    {
        var masters = nodes.Where(n => !n.IsReplica && !n.Fenced).ToList();
        NodeStatus? master = null;
        if (masters.Count > 0)
        {
            master = masters
                .OrderByDescending(m => m.Epoch)
                .ThenByDescending(m => masters.Count(other => other != m && m.ReplId2.Length > 0 && m.ReplId2 == other.ReplId))
                .ThenByDescending(m => nodes.Count(r => r.IsReplica && r.MasterEndpoint == m.RespEndpoint))
                .ThenBy(m => m.Address, StringComparer.Ordinal)
                .First();
        }
        var replicas = nodes
            .Where(n => n.IsReplica && n.MasterLinkUp && (master is null || n.MasterEndpoint == master.RespEndpoint))
            .OrderBy(n => n.Address, StringComparer.Ordinal)
            .ToList();
        return new ClusterTopology(master, replicas, nodes);
    }
}
