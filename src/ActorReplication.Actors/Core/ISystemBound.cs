namespace ActorReplication.Actors;

/// <summary>Refs that know the actor system they belong to (needed by Ask to create its temporary ref).</summary>
public interface ISystemBound
{
    ActorSystem System { get; }
}
