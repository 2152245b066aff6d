using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// The total order on node addresses that leader election, up-number ties and the keep-majority tie-break use:
/// host (ordinal), then port, then protocol and system so that the order is total even across systems.
/// </summary>
public sealed class AddressOrdering : IComparer<Address>
{
    public static AddressOrdering Instance { get; } = new();

    private AddressOrdering() { }

    public int Compare(Address? x, Address? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = string.CompareOrdinal(x.Host ?? "", y.Host ?? "");
        if (c != 0) return c;
        c = (x.Port ?? 0).CompareTo(y.Port ?? 0);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Protocol, y.Protocol);
        return c != 0 ? c : string.CompareOrdinal(x.System, y.System);
    }
}
