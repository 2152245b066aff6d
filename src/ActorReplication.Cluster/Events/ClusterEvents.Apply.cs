namespace ActorReplication.Cluster;

public static partial class ClusterEvents
{
    /// <summary>
    /// The state a subscriber arrives at by applying <paramref name="event"/> to <paramref name="state"/>: what a read
    /// view (<see cref="Cluster.State"/>) does with the events of <see cref="Diff"/>. Starting from
    /// <see cref="StateOf"/> of one gossip and applying the diff to the next gives <see cref="StateOf"/> of the next,
    /// except <see cref="CurrentClusterState.SeenBy"/> (no event carries it; it keeps its snapshot value) and roles
    /// whose leader is none (kept as null entries). A property test checks this.
    /// </summary>
    public static CurrentClusterState Apply(CurrentClusterState state, IClusterDomainEvent @event)
    {
        switch (@event)
        {
            case MemberRemoved removed:
                return state with
                {
                    Members = state.Members.Remove(removed.Member),
                    Unreachable = state.Unreachable.Remove(removed.Member),
                    SeenBy = state.SeenBy.Remove(removed.Member.Address),
                };
            case IMemberEvent changed:
                // Member.Ordering compares incarnations only: Remove + Add replaces the entry with the new status.
                return state with
                {
                    Members = state.Members.Remove(changed.Member).Add(changed.Member),
                    Unreachable = state.Unreachable.Contains(changed.Member)
                        ? state.Unreachable.Remove(changed.Member).Add(changed.Member)
                        : state.Unreachable,
                };
            case UnreachableMember unreachable:
                return state with { Unreachable = state.Unreachable.Remove(unreachable.Member).Add(unreachable.Member) };
            case ReachableMember reachable:
                return state with { Unreachable = state.Unreachable.Remove(reachable.Member) };
            case LeaderChanged leader:
                return state with { Leader = leader.Leader };
            case RoleLeaderChanged roleLeader:
                return state with { RoleLeaderMap = state.RoleLeaderMap.SetItem(roleLeader.Role, roleLeader.Leader) };
            default:
                return state;
        }
    }
}
