using ActorReplication.Cluster;
using static ActorReplication.Cluster.Tests.Nodes;

namespace ActorReplication.Cluster.Tests;

public sealed class MemberSpec
{
    public static TheoryData<MemberStatus, MemberStatus, bool> Transitions()
    {
        var allowed = new HashSet<(MemberStatus, MemberStatus)>
        {
            (MemberStatus.Joining, MemberStatus.WeaklyUp), (MemberStatus.Joining, MemberStatus.Up), (MemberStatus.Joining, MemberStatus.Leaving),
            (MemberStatus.Joining, MemberStatus.Down), (MemberStatus.Joining, MemberStatus.Removed),
            (MemberStatus.WeaklyUp, MemberStatus.Up), (MemberStatus.WeaklyUp, MemberStatus.Leaving), (MemberStatus.WeaklyUp, MemberStatus.Down),
            (MemberStatus.WeaklyUp, MemberStatus.Removed),
            (MemberStatus.Up, MemberStatus.Leaving), (MemberStatus.Up, MemberStatus.Down), (MemberStatus.Up, MemberStatus.Removed),
            (MemberStatus.Leaving, MemberStatus.Exiting), (MemberStatus.Leaving, MemberStatus.Down), (MemberStatus.Leaving, MemberStatus.Removed),
            (MemberStatus.Exiting, MemberStatus.Removed), (MemberStatus.Exiting, MemberStatus.Down),
            (MemberStatus.Down, MemberStatus.Removed),
        };
        var data = new TheoryData<MemberStatus, MemberStatus, bool>();
        foreach (var from in Enum.GetValues<MemberStatus>())
            foreach (var to in Enum.GetValues<MemberStatus>())
                data.Add(from, to, from == to || allowed.Contains((from, to)));
        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Member_status_must_change_only_along_the_life_cycle(MemberStatus from, MemberStatus to, bool allowed)
    {
        Assert.Equal(allowed, MemberStatusTransitions.IsAllowed(from, to));
        var member = M(1, from);
        if (allowed) Assert.Equal(to, member.WithStatus(to).Status);
        else Assert.Contains($"from {from} to {to}", Assert.Throws<InvalidOperationException>(() => member.WithStatus(to)).Message);
    }

    [Fact]
    public void Member_status_wire_values_must_never_change()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], Enum.GetValues<MemberStatus>().Select(s => (int)s));
        Assert.Equal(["Joining", "WeaklyUp", "Up", "Leaving", "Exiting", "Down", "Removed"], Enum.GetNames<MemberStatus>());
        Assert.Equal([0, 1, 2], Enum.GetValues<ReachabilityStatus>().Select(s => (int)s));
    }

    [Fact]
    public void New_member_must_be_joining_with_no_up_number_and_keep_roles_and_endpoint()
    {
        var m = Member.Create(N(1), ["b", "a"], "127.0.0.1:6380");
        Assert.Equal(MemberStatus.Joining, m.Status);
        Assert.Equal(Member.NotUpYet, m.UpNumber);
        Assert.Equal(["a", "b"], m.Roles);
        Assert.True(m.HasRole("a"));
        Assert.Equal("127.0.0.1:6380", m.RespEndpoint);
        var up = m.WithUp(3);
        Assert.Equal((MemberStatus.Up, 3, "127.0.0.1:6380"), (up.Status, up.UpNumber, up.RespEndpoint));
    }

    [Fact]
    public void Older_member_must_be_the_one_up_first_with_address_breaking_ties()
    {
        Assert.True(M(5, upNumber: 1).IsOlderThan(M(1, upNumber: 2)));
        Assert.True(M(1, upNumber: 2).IsOlderThan(M(5, upNumber: 2)));
        Assert.False(M(5, upNumber: 2).IsOlderThan(M(1, upNumber: 2)));
        Assert.Equal([N(3), N(1), N(2)], new[] { M(1, upNumber: 4), M(2, upNumber: 9), M(3, upNumber: 1) }
            .OrderBy(m => m, Member.AgeOrdering).Select(m => m.UniqueAddress));
    }

    [Fact]
    public void Merge_priority_must_prefer_later_stages_then_older_up_number()
    {
        Assert.Equal(MemberStatus.Down, Member.HighestPriorityOf(M(1, MemberStatus.Up), M(1, MemberStatus.Down)).Status);
        Assert.Equal(MemberStatus.Exiting, Member.HighestPriorityOf(M(1, MemberStatus.Exiting), M(1, MemberStatus.Leaving)).Status);
        Assert.Equal(MemberStatus.Up, Member.HighestPriorityOf(M(1, MemberStatus.Joining), M(1, MemberStatus.Up)).Status);
        Assert.Equal(2, Member.HighestPriorityOf(M(1, upNumber: 7), M(1, upNumber: 2)).UpNumber);
    }

    [Fact]
    public void Address_order_must_be_host_then_port_then_uid()
    {
        var a = new UniqueAddress(new("ar.tcp", "sys", "10.0.0.2", 1), 9);
        var b = new UniqueAddress(new("ar.tcp", "sys", "10.0.0.10", 1), 1);
        Assert.True(b.CompareTo(a) < 0); // ordinal host comparison, as Akka
        Assert.True(N(1).CompareTo(N(2)) < 0);
        Assert.True(N(1, uid: 1).CompareTo(N(1, uid: 2)) < 0);
        Assert.Equal(0, N(1).CompareTo(N(1)));
        Assert.Equal("ar.tcp://sys@127.0.0.1:2551#1", N(1).ToString());
    }
}
