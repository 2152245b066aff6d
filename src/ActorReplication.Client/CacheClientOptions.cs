namespace ActorReplication.Client;

/// <summary>How a <see cref="CacheClient"/> routes, waits and retries. The defaults suit a local cluster.</summary>
public sealed record CacheClientOptions
{
    public ReadFrom ReadFrom { get; init; } = ReadFrom.Replicas;

    /// <summary>
    /// Reads see this client's own writes: a replica serves a read only once it has applied the stream up to the
    /// client's last write (waiting up to <see cref="ReadYourWritesWait"/>), else the read goes to the master.
    /// </summary>
    public bool ReadYourWrites { get; init; }

    /// <summary>
    /// The default lag bound on replica reads (<see cref="ReadPolicy.MaxLag"/>): null reads on any replica whose link is
    /// up as the topology last said.
    /// </summary>
    public TimeSpan? MaxReplicaLag { get; init; }

    /// <summary>How long a replica may wait to catch up with the client's last write before the read goes to the master.</summary>
    public TimeSpan ReadYourWritesWait { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one command may wait for its reply.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one topology query to one node may take.</summary>
    public TimeSpan TopologyQueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The topology is re-read this often even when nothing failed.</summary>
    public TimeSpan TopologyRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a command may keep retrying what is safe to retry (no master known, READONLY, an unreachable node for a
    /// read) while the topology settles, e.g. during a failover.
    /// </summary>
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The cluster's PKCS#12 certificate when its remoting runs over TLS (<c>akka.remote.dot-netty.tcp.enable-ssl</c>);
    /// null: plain TCP.
    /// </summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>The password of <see cref="TlsCertificatePath"/>.</summary>
    public string TlsCertificatePassword { get; init; } = "";

    /// <summary>The interface the client's remoting binds (an ephemeral port); nodes must be able to reach it.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>The actor system name nodes run under (<c>akka.tcp://node@host:port</c>), used for seeds given as host:port.</summary>
    public string NodeSystemName { get; init; } = "node";
}
