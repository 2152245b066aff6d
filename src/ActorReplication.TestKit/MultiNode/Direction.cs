namespace ActorReplication.TestKit.MultiNode;

/// <summary>Which way a fault between two nodes acts, seen from the first node named.</summary>
public enum Direction
{
    /// <summary>Frames from the first node to the second.</summary>
    Send,

    /// <summary>Frames from the second node to the first.</summary>
    Receive,

    /// <summary>Both ways.</summary>
    Both,
}
