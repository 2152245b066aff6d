namespace ActorReplication.Actors;

/// <summary>Stops the actor when processed; messages queued before it are handled first.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
    public override string ToString() => "PoisonPill";
}
