namespace ActorReplication.Actors;

public static class ActorRefs
{
    /// <summary>The explicit "no sender"; replies to it go to dead letters.</summary>
    public static readonly IActorRef? NoSender = null;

    /// <summary>A reference to no actor: everything sent to it is dropped without a dead letter.</summary>
    public static readonly IActorRef Nobody = new NobodyActorRef();
}
