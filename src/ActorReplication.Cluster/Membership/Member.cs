using System.Collections.Immutable;
using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// A node as the cluster sees it: which incarnation, its status, its roles, its age (up-number) and the RESP
/// endpoint (<c>host:port</c>) clients use to reach its keyspace. Immutable; status changes make a copy and
/// must follow <see cref="MemberStatusTransitions"/>. Equality is structural (all fields).
/// </summary>
public sealed class Member : IEquatable<Member>
{
    /// <summary>Up-number of a member that has not been Up yet: the youngest possible.</summary>
    public const int NotUpYet = int.MaxValue;

    private Member(UniqueAddress uniqueAddress, MemberStatus status, ImmutableSortedSet<string> roles, int upNumber, string respEndpoint)
    {
        UniqueAddress = uniqueAddress;
        Status = status;
        Roles = roles;
        UpNumber = upNumber;
        RespEndpoint = respEndpoint;
    }

    public UniqueAddress UniqueAddress { get; }

    public Address Address => UniqueAddress.Address;

    public MemberStatus Status { get; }

    public ImmutableSortedSet<string> Roles { get; }

    /// <summary>Order in which members became Up: lower is older. <see cref="NotUpYet"/> before that.</summary>
    public int UpNumber { get; }

    /// <summary>Where the node serves RESP (<c>host:port</c>), or empty when it does not advertise one.</summary>
    public string RespEndpoint { get; }

    /// <summary>A new member asking to join.</summary>
    public static Member Create(UniqueAddress node, IEnumerable<string>? roles = null, string respEndpoint = "") =>
        new(node, MemberStatus.Joining, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, roles ?? []), NotUpYet, respEndpoint);

    /// <summary>Any state, for decoding gossip from the wire and for tests; no transition check.</summary>
    public static Member Restore(UniqueAddress node, MemberStatus status, IEnumerable<string> roles, int upNumber, string respEndpoint) =>
        new(node, status, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, roles), upNumber, respEndpoint);

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>A copy in <paramref name="status"/>; throws when the life cycle does not allow the change.</summary>
    public Member WithStatus(MemberStatus status)
    {
        if (status == Status) return this;
        if (!MemberStatusTransitions.IsAllowed(Status, status))
            throw new InvalidOperationException($"Member {UniqueAddress} may not go from {Status} to {status}");
        return new Member(UniqueAddress, status, Roles, UpNumber, RespEndpoint);
    }

    /// <summary>The copy the leader makes when it moves a Joining (or WeaklyUp) member Up.</summary>
    public Member WithUp(int upNumber)
    {
        _ = WithStatus(MemberStatus.Up); // validates the transition
        return new Member(UniqueAddress, MemberStatus.Up, Roles, upNumber, RespEndpoint);
    }

    /// <summary>Older means Up earlier; equal up-numbers fall back to the address order (as in Akka).</summary>
    public bool IsOlderThan(Member other) =>
        UpNumber == other.UpNumber
            ? UniqueAddress.CompareTo(other.UniqueAddress) < 0
            : UpNumber < other.UpNumber;

    /// <summary>Orders members by address (then uid): the order of the member set and of leader election.</summary>
    public static IComparer<Member> Ordering { get; } = Comparer<Member>.Create((a, b) => a.UniqueAddress.CompareTo(b.UniqueAddress));

    /// <summary>Orders members oldest first.</summary>
    public static IComparer<Member> AgeOrdering { get; } = Comparer<Member>.Create((a, b) =>
        a.UniqueAddress.Equals(b.UniqueAddress) ? 0 : a.IsOlderThan(b) ? -1 : 1);

    /// <summary>
    /// The view of one incarnation that wins a gossip merge: the later life-cycle stage, then the older up-number,
    /// then a fixed order on the remaining fields so that merging is commutative even for inconsistent inputs.
    /// </summary>
    public static Member HighestPriorityOf(Member a, Member b)
    {
        var c = MemberStatusTransitions.MergePriority(a.Status).CompareTo(MemberStatusTransitions.MergePriority(b.Status));
        if (c != 0) return c > 0 ? a : b;
        if (a.UpNumber != b.UpNumber) return a.UpNumber < b.UpNumber ? a : b;
        c = string.CompareOrdinal(a.RespEndpoint, b.RespEndpoint);
        if (c != 0) return c < 0 ? a : b;
        c = string.CompareOrdinal(string.Join('\n', a.Roles), string.Join('\n', b.Roles));
        return c <= 0 ? a : b;
    }

    public bool Equals(Member? other) =>
        other is not null && UniqueAddress.Equals(other.UniqueAddress) && Status == other.Status && UpNumber == other.UpNumber
        && RespEndpoint == other.RespEndpoint && Roles.SetEquals(other.Roles);

    public override bool Equals(object? obj) => Equals(obj as Member);

    public override int GetHashCode() => HashCode.Combine(UniqueAddress, Status, UpNumber);

    public override string ToString() =>
        $"Member({UniqueAddress}, {Status}{(UpNumber == NotUpYet ? "" : $", up #{UpNumber}")}{(Roles.Count == 0 ? "" : $", roles [{string.Join(",", Roles)}]")}{(RespEndpoint.Length == 0 ? "" : $", resp {RespEndpoint}")})";
}
