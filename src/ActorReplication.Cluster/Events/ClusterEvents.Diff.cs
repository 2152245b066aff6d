using System.Collections.Immutable;
using ActorReplication.Actors;

namespace ActorReplication.Cluster;

public static partial class ClusterEvents
{
    /// <summary>
    /// The events that take a subscriber from <paramref name="oldGossip"/> to <paramref name="newGossip"/>, as seen
    /// by <paramref name="self"/>, in Akka's order: member status events (joined, weakly up, up, left, exited, downed,
    /// in member order), then removals, then unreachable, then reachable again, then the leader, then role leaders
    /// (by role name). A member that jumped several stages at once gets one event for its new status.
    /// </summary>
    public static IReadOnlyList<IClusterDomainEvent> Diff(Gossip oldGossip, Gossip newGossip, UniqueAddress self)
    {
        var events = new List<IClusterDomainEvent>();
        if (oldGossip.Equals(newGossip)) return events;

        foreach (var member in newGossip.Members)
        {
            if (oldGossip.TryGetMember(member.UniqueAddress, out var old) && old.Status == member.Status && old.UpNumber == member.UpNumber)
                continue;
            IMemberEvent? e = member.Status switch
            {
                MemberStatus.Joining => new MemberJoined(member),
                MemberStatus.WeaklyUp => new MemberWeaklyUp(member),
                MemberStatus.Up => new MemberUp(member),
                MemberStatus.Leaving => new MemberLeft(member),
                MemberStatus.Exiting => new MemberExited(member),
                MemberStatus.Down => new MemberDowned(member),
                _ => null,
            };
            if (e is not null) events.Add(e);
        }
        foreach (var old in oldGossip.Members)
            if (!newGossip.HasMember(old.UniqueAddress))
                events.Add(new MemberRemoved(old.WithStatus(MemberStatus.Removed), old.Status));

        var oldUnreachable = oldGossip.Reachability.AllUnreachableOrTerminated;
        foreach (var node in newGossip.Reachability.AllUnreachableOrTerminated)
            if (!node.Equals(self) && !oldUnreachable.Contains(node) && newGossip.TryGetMember(node, out var m))
                events.Add(new UnreachableMember(m));
        foreach (var node in oldUnreachable)
            if (!node.Equals(self) && newGossip.TryGetMember(node, out var m) && newGossip.Reachability.IsReachable(node))
                events.Add(new ReachableMember(m));

        var oldLeader = Leader.Of(oldGossip, self);
        var newLeader = Leader.Of(newGossip, self);
        if (!Equals(oldLeader, newLeader)) events.Add(new LeaderChanged(newLeader?.Address));

        foreach (var role in oldGossip.AllRoles.Union(newGossip.AllRoles))
        {
            var before = Leader.RoleLeaderOf(oldGossip, role, self);
            var after = Leader.RoleLeaderOf(newGossip, role, self);
            if (!Equals(before, after)) events.Add(new RoleLeaderChanged(role, after?.Address));
        }
        return events;
    }

    /// <summary>The snapshot of <paramref name="gossip"/> as <paramref name="self"/> sees it.</summary>
    public static CurrentClusterState StateOf(Gossip gossip, UniqueAddress self)
    {
        var unreachable = gossip.Reachability.AllUnreachableOrTerminated
            .Where(n => !n.Equals(self))
            .Select(n => gossip.TryGetMember(n, out var m) ? m : null)
            .OfType<Member>();
        return new CurrentClusterState(
            gossip.Members,
            ImmutableSortedSet.CreateRange(Member.Ordering, unreachable),
            ImmutableSortedSet.CreateRange(AddressOrdering.Instance, gossip.SeenBy.Select(n => n.Address)),
            Leader.Of(gossip, self)?.Address,
            gossip.AllRoles.ToImmutableSortedDictionary(r => r, r => Leader.RoleLeaderOf(gossip, r, self)?.Address, StringComparer.Ordinal));
    }

    /// <summary>True when <paramref name="event"/> is of one of the subscribed <paramref name="types"/>.</summary>
    internal static bool Matches(object @event, IReadOnlyCollection<Type> types)
    {
        foreach (var t in types)
            if (t.IsInstanceOfType(@event)) return true;
        return false;
    }
}
