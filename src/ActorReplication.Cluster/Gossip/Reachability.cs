using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>
/// Who cannot reach whom. Each observer owns its rows and a version that it bumps on every change of them, so
/// gossip can carry everyone's rows and a merge keeps, per observer, the newest set. An observer that sees all
/// its subjects reachable again drops its rows (only the version remains). A subject is unreachable when any
/// observer says so, terminated when any says that. Immutable.
/// </summary>
public sealed class Reachability : IEquatable<Reachability>
{
    private readonly ImmutableSortedDictionary<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>> _rows;

    private Reachability(
        ImmutableSortedDictionary<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>> rows,
        ImmutableSortedDictionary<UniqueAddress, long> versions)
    {
        _rows = rows;
        Versions = versions;
    }

    public static Reachability Empty { get; } = new(
        ImmutableSortedDictionary<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>>.Empty,
        ImmutableSortedDictionary<UniqueAddress, long>.Empty);

    /// <summary>Each observer's current version.</summary>
    public ImmutableSortedDictionary<UniqueAddress, long> Versions { get; }

    /// <summary>Every record, by observer then subject.</summary>
    public IEnumerable<ReachabilityRecord> Records => _rows.Values.SelectMany(r => r.Values);

    /// <summary>From records and versions, e.g. decoded from the wire.</summary>
    public static Reachability Create(IEnumerable<ReachabilityRecord> records, IEnumerable<KeyValuePair<UniqueAddress, long>> versions)
    {
        var rows = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>>();
        foreach (var group in records.GroupBy(r => r.Observer))
            rows[group.Key] = group.ToImmutableSortedDictionary(r => r.Subject, r => r);
        var v = ImmutableSortedDictionary.CreateRange(versions);
        foreach (var (observer, row) in rows)
        {
            var max = row.Values.Max(r => r.Version);
            if (v.GetValueOrDefault(observer) < max) v = v.SetItem(observer, max);
        }
        return new Reachability(rows.ToImmutable(), v);
    }

    public bool IsEmpty => _rows.IsEmpty && Versions.IsEmpty;

    public Reachability Unreachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Unreachable);

    public Reachability Reachable(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Reachable);

    public Reachability Terminated(UniqueAddress observer, UniqueAddress subject) => Change(observer, subject, ReachabilityStatus.Terminated);

    private Reachability Change(UniqueAddress observer, UniqueAddress subject, ReachabilityStatus status)
    {
        var version = Versions.GetValueOrDefault(observer) + 1;
        var versions = Versions.SetItem(observer, version);
        var record = new ReachabilityRecord(observer, subject, status, version);
        if (!_rows.TryGetValue(observer, out var row))
            return status == ReachabilityStatus.Reachable ? this : new Reachability(_rows.Add(observer, Row(record)), versions);
        if (row.TryGetValue(subject, out var old) && (old.Status == ReachabilityStatus.Terminated || old.Status == status))
            return this; // Terminated is final; same status is no change
        if (status == ReachabilityStatus.Reachable && row.Values.All(r => r.Status == ReachabilityStatus.Reachable || r.Subject.Equals(subject)))
            return new Reachability(_rows.Remove(observer), versions); // everyone reachable again: drop the observer's rows
        return new Reachability(_rows.SetItem(observer, row.SetItem(subject, record)), versions);
    }

    private static ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord> Row(ReachabilityRecord record) =>
        ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord>.Empty.Add(record.Subject, record);

    /// <summary>
    /// Per observer, the rows of the side with the higher observer version (an observer always gossips its whole
    /// set of rows). Equal versions with different rows cannot happen between honest nodes; they are joined row by
    /// row so that the merge stays commutative, associative and idempotent for any input.
    /// </summary>
    public Reachability Merge(Reachability other)
    {
        if (ReferenceEquals(this, other)) return this;
        var rows = _rows.ToBuilder();
        var versions = Versions.ToBuilder();
        foreach (var (observer, theirVersion) in other.Versions)
        {
            var ourVersion = Versions.GetValueOrDefault(observer);
            other._rows.TryGetValue(observer, out var theirRow);
            if (theirVersion > ourVersion)
            {
                versions[observer] = theirVersion;
                if (theirRow is null) rows.Remove(observer);
                else rows[observer] = theirRow;
            }
            else if (theirVersion == ourVersion && theirRow is not null)
            {
                if (!_rows.TryGetValue(observer, out var ourRow)) rows[observer] = theirRow;
                else rows[observer] = JoinRows(ourRow, theirRow);
            }
        }
        return new Reachability(rows.ToImmutable(), versions.ToImmutable());
    }

    private static ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord> JoinRows(
        ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord> a, ImmutableSortedDictionary<UniqueAddress, ReachabilityRecord> b)
    {
        var builder = a.ToBuilder();
        foreach (var (subject, record) in b)
            builder[subject] = builder.TryGetValue(subject, out var ours) ? ReachabilityRecord.Newer(ours, record) : record;
        return builder.ToImmutable();
    }

    /// <summary>Forgets removed nodes, as observers and as subjects.</summary>
    public Reachability Remove(IEnumerable<UniqueAddress> nodes)
    {
        var gone = nodes as IReadOnlySet<UniqueAddress> ?? nodes.ToHashSet();
        if (gone.Count == 0) return this;
        var rows = _rows.ToBuilder();
        foreach (var (observer, row) in _rows)
        {
            if (gone.Contains(observer))
            {
                rows.Remove(observer);
                continue;
            }
            var kept = row;
            foreach (var subject in row.Keys)
                if (gone.Contains(subject)) kept = kept.Remove(subject);
            if (kept.IsEmpty) rows.Remove(observer);
            else if (!ReferenceEquals(kept, row)) rows[observer] = kept;
        }
        var versions = Versions.RemoveRange(Versions.Keys.Where(gone.Contains));
        return new Reachability(rows.ToImmutable(), versions);
    }

    /// <summary>Ignores what <paramref name="observers"/> think (e.g. downed members' stale opinions).</summary>
    public Reachability RemoveObservers(IEnumerable<UniqueAddress> observers)
    {
        var ignored = observers as IReadOnlySet<UniqueAddress> ?? observers.ToHashSet();
        if (ignored.Count == 0 || !_rows.Keys.Any(ignored.Contains)) return this;
        return new Reachability(_rows.RemoveRange(_rows.Keys.Where(ignored.Contains)), Versions);
    }

    /// <summary>What <paramref name="observer"/> thinks of <paramref name="subject"/>.</summary>
    public ReachabilityStatus Status(UniqueAddress observer, UniqueAddress subject) =>
        _rows.TryGetValue(observer, out var row) && row.TryGetValue(subject, out var r) ? r.Status : ReachabilityStatus.Reachable;

    /// <summary>The aggregate over all observers: Terminated beats Unreachable beats Reachable.</summary>
    public ReachabilityStatus Status(UniqueAddress subject)
    {
        var worst = ReachabilityStatus.Reachable;
        foreach (var row in _rows.Values)
            if (row.TryGetValue(subject, out var r) && r.Status > worst)
            {
                worst = r.Status;
                if (worst == ReachabilityStatus.Terminated) break;
            }
        return worst;
    }

    public bool IsReachable(UniqueAddress subject) => Status(subject) == ReachabilityStatus.Reachable;

    public bool IsReachable(UniqueAddress observer, UniqueAddress subject) => Status(observer, subject) == ReachabilityStatus.Reachable;

    public bool IsAllReachable => _rows.Values.All(row => row.Values.All(r => r.Status == ReachabilityStatus.Reachable));

    /// <summary>Subjects some observer sees as Unreachable and none as Terminated.</summary>
    public ImmutableSortedSet<UniqueAddress> AllUnreachable =>
        AllUnreachableOrTerminated.Where(s => Status(s) == ReachabilityStatus.Unreachable).ToImmutableSortedSet();

    public ImmutableSortedSet<UniqueAddress> AllUnreachableOrTerminated =>
        Records.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject).ToImmutableSortedSet();

    /// <summary>Subjects <paramref name="observer"/> itself sees as unreachable or terminated.</summary>
    public ImmutableSortedSet<UniqueAddress> AllUnreachableFrom(UniqueAddress observer) =>
        _rows.TryGetValue(observer, out var row)
            ? row.Values.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject).ToImmutableSortedSet()
            : [];

    public ImmutableSortedSet<UniqueAddress> AllObservers => _rows.Keys.ToImmutableSortedSet();

    public bool Equals(Reachability? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (!Versions.SequenceEqual(other.Versions) || _rows.Count != other._rows.Count) return false;
        foreach (var (observer, row) in _rows)
            if (!other._rows.TryGetValue(observer, out var theirs) || !row.Values.SequenceEqual(theirs.Values)) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Reachability);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (observer, version) in Versions)
        {
            hash.Add(observer);
            hash.Add(version);
        }
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "Reachability(" + string.Join(", ", Records.Select(r => $"{r.Observer} -> {r.Subject}: {r.Status} [{r.Version}]")) + ")";
}
