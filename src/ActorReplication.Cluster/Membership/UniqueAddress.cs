using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// One incarnation of a node: its address plus the uid it drew at start. A node restarted on the same
/// host:port has a new uid, so the cluster can tell the new incarnation from the old one it must remove.
/// </summary>
public sealed record UniqueAddress(Address Address, long Uid) : IComparable<UniqueAddress>
{
    public int CompareTo(UniqueAddress? other)
    {
        if (other is null) return 1;
        var c = AddressOrdering.Instance.Compare(Address, other.Address);
        return c != 0 ? c : Uid.CompareTo(other.Uid);
    }

    public override string ToString() => $"{Address}#{Uid}";
}
