namespace ActorReplication.Cluster;

/// <summary>
/// Where a member is in its life cycle. The numeric values travel in gossip: append-only, never renumber.
/// </summary>
public enum MemberStatus
{
    /// <summary>Asked to join; the leader moves it to Up once every member has seen it (convergence).</summary>
    Joining = 0,

    /// <summary>Optional: usable while the cluster cannot converge. Reserved; the leader does not use it yet.</summary>
    WeaklyUp = 1,

    Up = 2,

    /// <summary>Asked to leave; the leader moves it to Exiting on convergence.</summary>
    Leaving = 3,

    /// <summary>Being removed after a graceful leave.</summary>
    Exiting = 4,

    /// <summary>Declared dead (by an operator or the downing provider); removed once the others agree.</summary>
    Down = 5,

    /// <summary>Gone. Only seen in <see cref="ClusterEvents.MemberRemoved"/>; removed members leave the gossip.</summary>
    Removed = 6,
}
