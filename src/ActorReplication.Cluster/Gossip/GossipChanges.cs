namespace ActorReplication.Cluster;

/// <summary>
/// The changes a node makes to its own gossip on request or observation. Each returns a new version, changed
/// by <c>self</c> and seen only by it, or the same instance when there is nothing to change.
/// </summary>
public static class GossipChanges
{
    /// <summary>Adds a Joining member. Tombstoned incarnations and known ones are not added again.</summary>
    public static Gossip AddJoining(Gossip gossip, Member joining, UniqueAddress self)
    {
        if (gossip.IsTombstoned(joining.UniqueAddress) || gossip.HasMember(joining.UniqueAddress)) return gossip;
        return Versioned(gossip.Update(joining.Status == MemberStatus.Joining ? joining : Member.Create(joining.UniqueAddress, joining.Roles, joining.RespEndpoint)), self);
    }

    /// <summary>Marks the member at <paramref name="address"/> Leaving, when it is Joining, WeaklyUp or Up.</summary>
    public static Gossip Leave(Gossip gossip, Actors.Address address, UniqueAddress self)
    {
        var member = gossip.MemberAt(address);
        if (member is null || member.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up)) return gossip;
        return Versioned(gossip.Update(member.WithStatus(MemberStatus.Leaving)), self);
    }

    /// <summary>Marks members Down (those already Down or gone are skipped).</summary>
    public static Gossip Down(Gossip gossip, IEnumerable<UniqueAddress> nodes, UniqueAddress self)
    {
        var changed = new List<Member>();
        foreach (var node in nodes)
            if (gossip.TryGetMember(node, out var m) && m.Status != MemberStatus.Down)
                changed.Add(m.WithStatus(MemberStatus.Down));
        return changed.Count == 0 ? gossip : Versioned(gossip.Update(changed), self);
    }

    public static Gossip Down(Gossip gossip, Actors.Address address, UniqueAddress self) =>
        gossip.MemberAt(address) is { } m ? Down(gossip, [m.UniqueAddress], self) : gossip;

    /// <summary>Applies what self's failure detector says about <paramref name="subjects"/>.</summary>
    public static Gossip Observe(Gossip gossip, UniqueAddress self, IEnumerable<UniqueAddress> nowUnreachable, IEnumerable<UniqueAddress> nowReachable)
    {
        var reachability = gossip.Reachability;
        foreach (var s in nowUnreachable) reachability = reachability.Unreachable(self, s);
        foreach (var s in nowReachable) reachability = reachability.Reachable(self, s);
        return ReferenceEquals(reachability, gossip.Reachability) ? gossip : Versioned(gossip.WithReachability(reachability), self);
    }

    /// <summary>Self knows <paramref name="subject"/> is gone for good (e.g. a new incarnation took its address).</summary>
    public static Gossip Terminated(Gossip gossip, UniqueAddress self, UniqueAddress subject)
    {
        var reachability = gossip.Reachability.Terminated(self, subject);
        return ReferenceEquals(reachability, gossip.Reachability) ? gossip : Versioned(gossip.WithReachability(reachability), self);
    }

    private static Gossip Versioned(Gossip gossip, UniqueAddress self) => gossip.Increment(self).OnlySeen(self);
}
