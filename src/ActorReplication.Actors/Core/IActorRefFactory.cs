namespace ActorReplication.Actors;

/// <summary>Things that create actors and look them up by path: the system and every actor's context.</summary>
public interface IActorRefFactory
{
    IActorRef ActorOf(Props props, string? name = null);

    ActorSelection ActorSelection(string path);
}
