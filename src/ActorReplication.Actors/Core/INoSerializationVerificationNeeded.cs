namespace ActorReplication.Actors;

/// <summary>Marks messages that never leave the process, so <c>actor.serialize-messages</c> does not check them.</summary>
public interface INoSerializationVerificationNeeded;
