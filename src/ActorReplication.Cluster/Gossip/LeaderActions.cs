using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>
/// The leader's moves, as pure functions of the gossip. Only the leader acts, and only on convergence, so every
/// member has seen the state a move is based on. One round does all of:
/// Joining → Up (once at least <c>min-nr-of-members</c> are known), Leaving → Exiting, and removal of Down and
/// Exiting members that either have seen the current gossip (so they know their fate) or are unreachable.
/// </summary>
public static class LeaderActions
{
    /// <summary>Runs a round when <paramref name="self"/> leads a converged gossip; otherwise returns it unchanged.</summary>
    public static LeaderActionsResult OnConvergence(Gossip gossip, UniqueAddress self, int minNrOfMembers, long nowUnixMs)
    {
        if (!self.Equals(Leader.Of(gossip, self)) || !Convergence.IsConverged(gossip, self))
            return LeaderActionsResult.Unchanged(gossip);

        var removed = Removable(gossip);
        var upped = JoiningToUp(gossip, minNrOfMembers);
        var exited = LeavingToExiting(gossip);
        if (removed.IsEmpty && upped.IsEmpty && exited.IsEmpty) return LeaderActionsResult.Unchanged(gossip);

        var next = gossip.Update(upped).Update(exited)
            .Remove(removed.Select(m => m.UniqueAddress), nowUnixMs)
            .Increment(self)
            .OnlySeen(self);
        return new LeaderActionsResult(next, upped, exited, removed.Select(m => m.WithStatus(MemberStatus.Removed)).ToImmutableArray());
    }

    /// <summary>
    /// Joining (and WeaklyUp) members moved Up, numbered after the youngest Up member in address order: the
    /// deterministic tie-break when several join in the same round. Empty until enough members are known.
    /// </summary>
    public static ImmutableArray<Member> JoiningToUp(Gossip gossip, int minNrOfMembers)
    {
        if (gossip.Members.Count < minNrOfMembers) return [];
        var next = YoungestUpNumber(gossip);
        var result = ImmutableArray.CreateBuilder<Member>();
        foreach (var m in gossip.Members)
            if (m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp)
                result.Add(m.WithUp(++next));
        return result.ToImmutable();
    }

    public static ImmutableArray<Member> LeavingToExiting(Gossip gossip) =>
        gossip.Members.Where(m => m.Status == MemberStatus.Leaving).Select(m => m.WithStatus(MemberStatus.Exiting)).ToImmutableArray();

    /// <summary>Down and Exiting members that have seen the current gossip or cannot be reached.</summary>
    public static ImmutableArray<Member> Removable(Gossip gossip)
    {
        var reachability = gossip.Reachability;
        return gossip.Members
            .Where(m => m.Status is MemberStatus.Down or MemberStatus.Exiting
                && (gossip.SeenByNode(m.UniqueAddress) || !reachability.IsReachable(m.UniqueAddress)))
            .ToImmutableArray();
    }

    private static int YoungestUpNumber(Gossip gossip)
    {
        var youngest = 0;
        foreach (var m in gossip.Members)
            if (m.UpNumber != Member.NotUpYet && m.UpNumber > youngest) youngest = m.UpNumber;
        return youngest;
    }
}
