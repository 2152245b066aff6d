using ActorReplication.Actors;
using ActorReplication.Cluster;

namespace ActorReplication.Cluster.Tests;

/// <summary>Short names for test nodes: node i lives at ar.tcp://sys@127.0.0.1:(2550+i), uid i unless given.</summary>
internal static class Nodes
{
    public static Address Addr(int i) => new("ar.tcp", "sys", "127.0.0.1", 2550 + i);

    public static UniqueAddress N(int i, long? uid = null) => new(Addr(i), uid ?? i);

    public static Member M(int i, MemberStatus status = MemberStatus.Up, int? upNumber = null, long? uid = null, params string[] roles) =>
        Member.Restore(N(i, uid), status, roles, upNumber ?? (status is MemberStatus.Joining ? Member.NotUpYet : i), "");

    /// <summary>A gossip with these members, seen by all of them.</summary>
    public static Gossip G(params Member[] members)
    {
        var g = Gossip.Create(members).Increment(members[0].UniqueAddress);
        foreach (var m in members) g = g.Seen(m.UniqueAddress);
        return g;
    }
}
