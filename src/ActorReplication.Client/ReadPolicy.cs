namespace ActorReplication.Client;

/// <summary>
/// Where reads go and what they must see. <see cref="From"/>: the master, or its replicas in turn. On a replica,
/// <see cref="After"/> (read-your-writes) makes the read wait until that replica applied the master's history up to
/// the token, else it goes to the master; <see cref="MaxLag"/> runs it there only if the replica's link is up and it
/// heard from its master within that bound (whole seconds, as INFO's <c>master_last_io_seconds_ago</c>; an idle
/// master pings every <c>repl-ping-replica-period</c>, 10 s by default), else it goes to the master. Writes always go
/// to the master. Use with <see cref="CacheClient.With"/>.
/// </summary>
public sealed record ReadPolicy
{
    public ReadFrom From { get; init; } = ReadFrom.Replicas;

    /// <summary>Reads on a replica see at least the master's history up to this token (another client's write, say).</summary>
    public ConsistencyToken? After { get; init; }

    /// <summary>Reads on a replica only when it heard from its master at most this long ago (rounded up to seconds).</summary>
    public TimeSpan? MaxLag { get; init; }

    /// <summary>Every read on the master.</summary>
    public static ReadPolicy Master { get; } = new() { From = ReadFrom.Master };

    /// <summary>Reads on the replicas in turn (the master when there is none).</summary>
    public static ReadPolicy Replicas { get; } = new();

    /// <summary>Reads on the replicas, each once it has applied <paramref name="token"/>.</summary>
    public static ReadPolicy AfterWrite(ConsistencyToken token) => new() { After = token };

    /// <summary>Reads on replicas that heard from their master within <paramref name="maxLag"/>.</summary>
    public static ReadPolicy BoundedLag(TimeSpan maxLag) => new() { MaxLag = maxLag };

    internal static ReadPolicy FromOptions(CacheClientOptions options) => new() { From = options.ReadFrom, MaxLag = options.MaxReplicaLag };
}
