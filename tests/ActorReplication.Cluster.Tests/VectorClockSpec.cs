using ActorReplication.Cluster;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Cluster.Tests;

public sealed class VectorClockSpec
{
    [Fact]
    public void Clocks_must_compare_as_same_before_after_or_concurrent()
    {
        var a = VectorClock.Empty.Increment("a");
        var ab = a.Increment("b");
        var ac = a.Increment("c");
        Assert.Equal(VectorClockOrdering.Same, a.CompareTo(VectorClock.Empty.Increment("a")));
        Assert.Equal(VectorClockOrdering.Before, a.CompareTo(ab));
        Assert.Equal(VectorClockOrdering.After, ab.CompareTo(a));
        Assert.Equal(VectorClockOrdering.Concurrent, ab.CompareTo(ac));
        Assert.Equal(VectorClockOrdering.Before, VectorClock.Empty.CompareTo(a));
        Assert.True(ab.IsConcurrentWith(ac));
    }

    [Fact]
    public void Merge_must_be_the_pointwise_maximum_and_after_both()
    {
        var x = VectorClock.Create([new("a", 3), new("b", 1)]);
        var y = VectorClock.Create([new("b", 4), new("c", 2)]);
        var m = x.Merge(y);
        Assert.Equal((3L, 4L, 2L), (m["a"], m["b"], m["c"]));
        Assert.Equal(VectorClockOrdering.Before, x.CompareTo(m));
        Assert.Equal(VectorClockOrdering.Before, y.CompareTo(m));
    }

    [Fact]
    public void Prune_must_drop_a_node_entry()
    {
        var c = VectorClock.Empty.Increment("a").Increment("b");
        Assert.Equal(VectorClock.Empty.Increment("b"), c.Prune("a"));
        Assert.Same(c, c.Prune("zz"));
    }

    private static readonly string[] NodeNames = ["a", "b", "c", "d"];

    private static Gen<VectorClock> Clocks() =>
        Gen.ListOf(Gen.Elements(NodeNames)).Select(incs => incs.Aggregate(VectorClock.Empty, (c, n) => c.Increment(n)));

    [Fact]
    public void Merge_must_be_commutative_associative_and_idempotent()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Clocks(), Gen.Zip(Clocks(), Clocks()), (a, bc) => (a, bc.Item1, bc.Item2))), t =>
        {
            var (a, b, c) = t;
            return a.Merge(b).Equals(b.Merge(a))
                && a.Merge(b).Merge(c).Equals(a.Merge(b.Merge(c)))
                && a.Merge(a).Equals(a)
                && a.Merge(b).CompareTo(a) is VectorClockOrdering.After or VectorClockOrdering.Same;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Comparison_must_be_antisymmetric()
    {
        Prop.ForAll(Arb.From(Gen.Zip(Clocks(), Clocks())), t =>
        {
            var (a, b) = t;
            var expected = a.CompareTo(b) switch
            {
                VectorClockOrdering.Before => VectorClockOrdering.After,
                VectorClockOrdering.After => VectorClockOrdering.Before,
                var o => o,
            };
            return b.CompareTo(a) == expected;
        }).QuickCheckThrowOnFailure();
    }
}
