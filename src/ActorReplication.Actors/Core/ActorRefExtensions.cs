namespace ActorReplication.Actors;

public static class ActorRefExtensions
{
    /// <summary>Tells with the current actor (if any) as sender, as Akka's implicit sender does.</summary>
    public static void Tell(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self);

    /// <summary>Sends on behalf of the current message's sender, so the receiver replies to the original asker.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward can only be used inside an actor");
        receiver.Tell(message, cell.Sender);
    }

    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null or NobodyActorRef;
}
