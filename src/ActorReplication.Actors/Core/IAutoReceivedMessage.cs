namespace ActorReplication.Actors;

/// <summary>Messages the runtime handles itself before the actor's behaviour sees them.</summary>
public interface IAutoReceivedMessage;
