using System.Collections.Immutable;
using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// The replicated membership state: members, overview (seen set and reachability), version and tombstones of
/// removed incarnations (so a stale gossip cannot bring them back). Immutable. <see cref="Merge"/> is a join:
/// commutative, associative and idempotent, so nodes that exchange gossip in any order end up with the same state.
/// </summary>
public sealed class Gossip : IEquatable<Gossip>
{
    private static readonly ImmutableSortedSet<Member> NoMembers = ImmutableSortedSet.Create(Member.Ordering);

    public Gossip(
        ImmutableSortedSet<Member> members,
        GossipOverview overview,
        VectorClock version,
        ImmutableSortedDictionary<UniqueAddress, long> tombstones)
    {
        Members = members.KeyComparer == Member.Ordering ? members : members.WithComparer(Member.Ordering);
        Overview = overview;
        Version = version;
        Tombstones = tombstones;
    }

    public static Gossip Empty { get; } = new(NoMembers, GossipOverview.Empty, VectorClock.Empty, ImmutableSortedDictionary<UniqueAddress, long>.Empty);

    /// <summary>Members in address order (one entry per incarnation).</summary>
    public ImmutableSortedSet<Member> Members { get; }

    public GossipOverview Overview { get; }

    public VectorClock Version { get; }

    /// <summary>Removed incarnations and when they were removed (Unix ms), pruned after <c>prune-gossip-tombstones-after</c>.</summary>
    public ImmutableSortedDictionary<UniqueAddress, long> Tombstones { get; }

    public Reachability Reachability => Overview.Reachability;

    /// <summary>Nodes that have seen exactly this version.</summary>
    public ImmutableSortedSet<UniqueAddress> SeenBy =>
        Overview.SeenVersions.Where(kv => kv.Value.Equals(Version)).Select(kv => kv.Key).ToImmutableSortedSet();

    public static Gossip Create(IEnumerable<Member> members) =>
        Empty.WithMembers(NoMembers.Union(members));

    public bool HasMember(UniqueAddress node) => TryGetMember(node, out _);

    public bool TryGetMember(UniqueAddress node, out Member member)
    {
        var probe = Member.Restore(node, MemberStatus.Joining, [], Member.NotUpYet, "");
        return Members.TryGetValue(probe, out member!);
    }

    public Member GetMember(UniqueAddress node) =>
        TryGetMember(node, out var m) ? m : throw new KeyNotFoundException($"{node} is not a member");

    /// <summary>The member at an address, whatever its uid.</summary>
    public Member? MemberAt(Address address) => Members.FirstOrDefault(m => m.Address.Equals(address));

    public bool IsTombstoned(UniqueAddress node) => Tombstones.ContainsKey(node);

    public ImmutableSortedSet<string> AllRoles =>
        Members.SelectMany(m => m.Roles).ToImmutableSortedSet(StringComparer.Ordinal);

    public bool SeenByNode(UniqueAddress node) =>
        Overview.SeenVersions.TryGetValue(node, out var seen) && seen.Equals(Version);

    public Gossip WithMembers(ImmutableSortedSet<Member> members) => new(members, Overview, Version, Tombstones);

    public Gossip WithOverview(GossipOverview overview) => new(Members, overview, Version, Tombstones);

    public Gossip WithReachability(Reachability reachability) => WithOverview(Overview.WithReachability(reachability));

    public Gossip WithVersion(VectorClock version) => new(Members, Overview, version, Tombstones);

    /// <summary>Adds or replaces (same incarnation) a member.</summary>
    public Gossip Update(Member member) => WithMembers(Members.Remove(member).Add(member));

    public Gossip Update(IEnumerable<Member> members)
    {
        var set = Members;
        foreach (var m in members) set = set.Remove(m).Add(m);
        return WithMembers(set);
    }

    /// <summary>A new version of this gossip, changed by <paramref name="node"/>.</summary>
    public Gossip Increment(UniqueAddress node) => WithVersion(Version.Increment(node));

    /// <summary>Records that <paramref name="node"/> has seen this version.</summary>
    public Gossip Seen(UniqueAddress node) =>
        SeenByNode(node) ? this : WithOverview(Overview.WithSeenVersions(Overview.SeenVersions.SetItem(node, Version)));

    /// <summary>Only <paramref name="node"/> has seen this version (what a node says of a gossip it just changed).</summary>
    public Gossip OnlySeen(UniqueAddress node) =>
        WithOverview(Overview.WithSeenVersions(ImmutableSortedDictionary<UniqueAddress, VectorClock>.Empty.Add(node, Version)));

    public Gossip ClearSeen() =>
        Overview.SeenVersions.IsEmpty ? this : WithOverview(Overview.WithSeenVersions(ImmutableSortedDictionary<UniqueAddress, VectorClock>.Empty));

    /// <summary>Same version: who has seen it according to either. Different versions: this one unchanged.</summary>
    public Gossip MergeSeen(Gossip that) =>
        Version.Equals(that.Version) ? WithOverview(Overview.WithSeenVersions(JoinSeen(Overview.SeenVersions, that.Overview.SeenVersions))) : this;

    private static ImmutableSortedDictionary<UniqueAddress, VectorClock> JoinSeen(
        ImmutableSortedDictionary<UniqueAddress, VectorClock> a, ImmutableSortedDictionary<UniqueAddress, VectorClock> b)
    {
        if (ReferenceEquals(a, b)) return a;
        var builder = a.ToBuilder();
        foreach (var (node, version) in b)
            builder[node] = builder.TryGetValue(node, out var ours) ? ours.Merge(version) : version;
        return builder.ToImmutable();
    }

    private static ImmutableSortedDictionary<UniqueAddress, VectorClock> PruneSeen(
        ImmutableSortedDictionary<UniqueAddress, VectorClock> seen, IReadOnlyCollection<UniqueAddress> dead)
    {
        if (dead.Count == 0) return seen;
        var builder = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, VectorClock>();
        foreach (var (node, version) in seen)
        {
            if (dead.Contains(node)) continue;
            var pruned = version;
            foreach (var d in dead) pruned = pruned.Prune(d);
            builder[node] = pruned;
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// Removes incarnations for good: out of the members, the seen set, the reachability table and the version,
    /// and into the tombstones, so merging an older gossip cannot resurrect them.
    /// </summary>
    public Gossip Remove(IEnumerable<UniqueAddress> nodes, long removedAtUnixMs)
    {
        var gone = nodes.ToImmutableSortedSet();
        if (gone.IsEmpty) return this;
        var members = Members.Except(Members.Where(m => gone.Contains(m.UniqueAddress)));
        var version = Version;
        var tombstones = Tombstones;
        foreach (var node in gone)
        {
            version = version.Prune(node);
            tombstones = tombstones.SetItem(node, Math.Max(removedAtUnixMs, tombstones.GetValueOrDefault(node)));
        }
        var overview = new GossipOverview(PruneSeen(Overview.SeenVersions, gone), Overview.Reachability.Remove(gone));
        return new Gossip(members, overview, version, tombstones);
    }

    /// <summary>Forgets tombstones older than <paramref name="olderThanUnixMs"/>. Not part of the merge lattice.</summary>
    public Gossip PruneTombstones(long olderThanUnixMs)
    {
        var stale = Tombstones.Where(t => t.Value < olderThanUnixMs).Select(t => t.Key).ToList();
        return stale.Count == 0 ? this : new Gossip(Members, Overview, Version, Tombstones.RemoveRange(stale));
    }

    /// <summary>
    /// The join of two gossips. Tombstones: union (latest removal time). Members: per incarnation the view with the
    /// highest priority (<see cref="Member.HighestPriorityOf"/>), minus tombstoned ones. Reachability: per observer the
    /// newest rows. Version: pointwise maximum, minus tombstoned nodes. Seen: per node the later version it has seen,
    /// so after merging two diverged gossips nobody has seen the result yet.
    /// </summary>
    public Gossip Merge(Gossip that)
    {
        if (ReferenceEquals(this, that)) return this;

        var tombstones = Tombstones.ToBuilder();
        foreach (var (node, at) in that.Tombstones)
            tombstones[node] = Math.Max(at, tombstones.GetValueOrDefault(node));
        var dead = tombstones.ToImmutable();

        var version = Version.Merge(that.Version);
        foreach (var node in dead.Keys) version = version.Prune(node);

        var members = NoMembers.ToBuilder();
        foreach (var m in Members)
            if (!dead.ContainsKey(m.UniqueAddress))
                members.Add(that.Members.TryGetValue(m, out var theirs) ? Member.HighestPriorityOf(m, theirs) : m);
        foreach (var m in that.Members)
            if (!dead.ContainsKey(m.UniqueAddress) && !Members.Contains(m))
                members.Add(m);

        var reachability = Overview.Reachability.Merge(that.Overview.Reachability).Remove(dead.Keys);

        var seen = PruneSeen(JoinSeen(Overview.SeenVersions, that.Overview.SeenVersions), dead.Keys.ToImmutableSortedSet());

        return new Gossip(members.ToImmutable(), new GossipOverview(seen, reachability), version, dead);
    }

    public bool Equals(Gossip? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return Version.Equals(other.Version) && Members.SequenceEqual(other.Members) && Overview.Equals(other.Overview)
            && Tombstones.SequenceEqual(other.Tombstones);
    }

    public override bool Equals(object? obj) => Equals(obj as Gossip);

    public override int GetHashCode() => HashCode.Combine(Version, Members.Count);

    public override string ToString() =>
        $"Gossip(members [{string.Join(", ", Members)}], {Overview}, {Version}{(Tombstones.IsEmpty ? "" : $", tombstones [{string.Join(", ", Tombstones.Keys)}]")})";
}
