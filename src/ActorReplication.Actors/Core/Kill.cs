namespace ActorReplication.Actors;

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>; its supervisor decides (Stop by default).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();
    private Kill() { }
    public override string ToString() => "Kill";
}
