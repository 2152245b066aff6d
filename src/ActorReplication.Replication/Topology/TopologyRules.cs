using Akka.Cluster;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// The topology rules as pure functions over one node's view of its group (docs/failover.md states them):
/// <list type="bullet">
/// <item>Two or more masters: the one with the highest epoch wins, then the largest offset, then the oldest member
/// (lowest up-number), then the lowest address. The others become its replicas.</item>
/// <item>A master whose epoch is below the highest epoch the node has seen is stale: replicas refuse it, and a stale
/// master knows it is deposed.</item>
/// <item>A group that never had a master (known epoch 0) starts with the member that says
/// <c>initial-master = on</c> (the oldest of them), else with its oldest Up member, once every member's state is known.</item>
/// <item>Automatic failover: the best replica is the reachable Up one with the lowest <c>replica-priority</c> above 0,
/// then the largest offset, then the lowest run id.</item>
/// </list>
/// </summary>
public static class TopologyRules
{
    /// <summary>Negative when <paramref name="a"/> wins over <paramref name="b"/> as the group's master.</summary>
    public static int CompareMasters(TopologyCandidate a, TopologyCandidate b)
    {
        var c = b.State.Epoch.CompareTo(a.State.Epoch);
        if (c != 0) return c;
        c = b.State.Offset.CompareTo(a.State.Offset);
        if (c != 0) return c;
        c = a.Member.UpNumber.CompareTo(b.Member.UpNumber);
        if (c != 0) return c;
        return a.Member.UniqueAddress.CompareTo(b.Member.UniqueAddress);
    }

    public static TopologyCandidate WinningMaster(IEnumerable<TopologyCandidate> masters) =>
        masters.OrderBy(m => m, Comparer<TopologyCandidate>.Create(CompareMasters)).First();

    /// <summary>Which criterion made <paramref name="winner"/> win over <paramref name="loser"/>, for the log.</summary>
    public static string WhyWins(TopologyCandidate winner, TopologyCandidate loser)
    {
        var (w, l) = (winner.State, loser.State);
        if (w.Epoch != l.Epoch) return $"higher epoch ({w.Epoch} > {l.Epoch})";
        if (w.Offset != l.Offset) return $"same epoch {w.Epoch}, larger offset ({w.Offset} > {l.Offset})";
        if (winner.Member.UpNumber != loser.Member.UpNumber)
            return $"same epoch {w.Epoch} and offset {w.Offset}, older member (up #{winner.Member.UpNumber} < #{loser.Member.UpNumber})";
        return $"same epoch {w.Epoch}, offset {w.Offset} and age, lower address";
    }

    /// <summary>The replica automatic failover promotes, or null when none qualifies (all priority 0, or none at all).</summary>
    public static TopologyCandidate? BestReplica(IEnumerable<TopologyCandidate> candidates) =>
        candidates.Where(c => c.State.Role != TopologyRole.Master && c.State.Priority > 0)
            .OrderBy(c => c.State.Priority)
            .ThenByDescending(c => c.State.Offset)
            .ThenBy(c => c.State.RunId, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The first master of a new group: a member with initial-master on (the oldest), else the oldest member.</summary>
    public static TopologyCandidate? InitialMaster(IEnumerable<TopologyCandidate> group)
    {
        var byAge = group.OrderBy(c => c.Member, ClusterMember.AgeOrdering).ToList();
        return byAge.FirstOrDefault(c => c.State.InitialMaster) ?? byAge.FirstOrDefault();
    }

    /// <summary>
    /// What <paramref name="self"/> does, given the Up members of its group with known states (<paramref name="group"/>,
    /// self included), the highest epoch it has seen, and whether it knows every member's state yet.
    /// </summary>
    public static TopologyDecision Decide(TopologyCandidate self, IReadOnlyCollection<TopologyCandidate> group, long knownEpoch, bool settled)
    {
        if (self.State.Role == TopologyRole.Master && self.State.Epoch < knownEpoch)
            return new TopologyDecision.Deposed($"this master's epoch {self.State.Epoch} is older than epoch {knownEpoch} seen in the group");
        var masters = group.Where(c => c.State.Role == TopologyRole.Master).ToList();
        var current = masters.Where(c => c.State.Epoch >= knownEpoch).ToList();
        if (current.Count > 0)
        {
            var winner = WinningMaster(current);
            var others = current.Where(c => !ReferenceEquals(c, winner)).ToList();
            if (winner.Member.UniqueAddress == self.Member.UniqueAddress)
                return new TopologyDecision.StayMaster(others.Count == 0
                    ? "master of the group"
                    : $"two masters in group {self.State.Group}: this node wins over {string.Join(", ", others)} by {string.Join("; ", others.Select(o => WhyWins(winner, o)))}");
            return new TopologyDecision.Follow(winner, self.State.Role == TopologyRole.Master
                ? $"two masters in group {self.State.Group}: {winner} wins over this node by {WhyWins(winner, self)}"
                : $"{winner} is the master of group {self.State.Group}");
        }
        if (masters.Count > 0)
            return new TopologyDecision.Wait($"refusing stale master(s) {string.Join(", ", masters)}: epoch {knownEpoch} is known");
        if (knownEpoch > 0)
            return new TopologyDecision.Wait($"group {self.State.Group} has no master (last epoch {knownEpoch})");
        if (!settled) return new TopologyDecision.Wait("waiting for the members' replication states");
        var initial = InitialMaster(group);
        if (initial is not null && initial.Member.UniqueAddress == self.Member.UniqueAddress)
            return new TopologyDecision.BecomeMaster(1, self.State.InitialMaster
                ? $"new group {self.State.Group}: replication.initial-master is on here"
                : $"new group {self.State.Group}: this is its oldest member (up #{self.Member.UpNumber}) and none says initial-master");
        return new TopologyDecision.Wait($"new group {self.State.Group}: waiting for {initial} to start as its master");
    }
}
