namespace ActorReplication.Actors;

/// <summary>What the runtime needs of a ref beyond Tell: system messages and liveness.</summary>
public interface IInternalActorRef : IActorRef
{
    /// <summary>True once the actor has stopped for good (a local fact; remote refs learn it by death watch).</summary>
    bool IsTerminated { get; }

    /// <summary>True for refs whose actor lives in this process.</summary>
    bool IsLocal { get; }

    void SendSystemMessage(SystemMessage message);

    void Stop();
}
