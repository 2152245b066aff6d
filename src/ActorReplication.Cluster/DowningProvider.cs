namespace ActorReplication.Cluster;

/// <summary>Who downs unreachable members (<c>cluster.downing-provider</c>).</summary>
public enum DowningProvider
{
    /// <summary>Only an operator, with <see cref="Cluster.Down"/>.</summary>
    Off,

    /// <summary>The split-brain resolver with the keep-majority strategy.</summary>
    KeepMajority,
}
