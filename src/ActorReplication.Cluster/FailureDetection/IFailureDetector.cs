namespace ActorReplication.Cluster;

/// <summary>Decides from heartbeat arrivals whether a resource is still alive. Not thread-safe: one owner.</summary>
public interface IFailureDetector
{
    /// <summary>False once the resource is deemed dead. True while no heartbeat has arrived yet.</summary>
    bool IsAvailable { get; }

    /// <summary>True after the first heartbeat.</summary>
    bool IsMonitoring { get; }

    /// <summary>Records a heartbeat arriving now.</summary>
    void HeartBeat();
}
