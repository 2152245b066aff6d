namespace ActorReplication.Client;

/// <summary>Where reads go.</summary>
public enum ReadFrom
{
    /// <summary>Every command goes to the master.</summary>
    Master,

    /// <summary>Reads go to the master's replicas in turn (the master when it has none).</summary>
    Replicas,
}
