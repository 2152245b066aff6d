namespace ActorReplication.Cluster;

/// <summary>
/// The status changes a member may go through (Akka's table). Everything else is a bug in the caller:
/// <see cref="Member.WithStatus"/> refuses it.
/// </summary>
public static class MemberStatusTransitions
{
    private static readonly Dictionary<MemberStatus, MemberStatus[]> Allowed = new()
    {
        [MemberStatus.Joining] = [MemberStatus.WeaklyUp, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed],
        [MemberStatus.WeaklyUp] = [MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed],
        [MemberStatus.Up] = [MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed],
        [MemberStatus.Leaving] = [MemberStatus.Exiting, MemberStatus.Down, MemberStatus.Removed],
        [MemberStatus.Exiting] = [MemberStatus.Removed, MemberStatus.Down],
        [MemberStatus.Down] = [MemberStatus.Removed],
        [MemberStatus.Removed] = [],
    };

    /// <summary>True when <paramref name="from"/> may become <paramref name="to"/>; staying put is always allowed.</summary>
    public static bool IsAllowed(MemberStatus from, MemberStatus to) =>
        from == to || (Allowed.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0);

    public static IReadOnlyList<MemberStatus> From(MemberStatus from) => Allowed[from];

    /// <summary>
    /// Which of two views of the same member wins when gossip is merged: a later life-cycle stage beats an earlier
    /// one (Removed &gt; Down &gt; Exiting &gt; Leaving &gt; Up &gt; WeaklyUp &gt; Joining), as in Akka.
    /// </summary>
    public static int MergePriority(MemberStatus status) => status switch
    {
        MemberStatus.Joining => 0,
        MemberStatus.WeaklyUp => 1,
        MemberStatus.Up => 2,
        MemberStatus.Leaving => 3,
        MemberStatus.Exiting => 4,
        MemberStatus.Down => 5,
        MemberStatus.Removed => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
