namespace ActorReplication.Client.Routing;

/// <summary>Why an attempt did not produce a reply the caller can have.</summary>
public enum FailureKind
{
    /// <summary>No node to send to (no master known yet, or none reachable): nothing was sent.</summary>
    NoTarget,

    /// <summary>-READONLY: a replica refused the write without running it.</summary>
    ReadOnly,

    /// <summary>-MASTERDOWN: a replica refused the command without running it (its link is down).</summary>
    MasterDown,

    /// <summary>A replica had not caught up with this client's last write in time; the read did not run.</summary>
    OffsetNotReached,

    /// <summary>A replica was beyond the read's lag bound (or its link was down); the read did not run.</summary>
    LagExceeded,

    /// <summary>No reply in time: the command may or may not have run.</summary>
    Timeout,
}
