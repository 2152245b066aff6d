namespace ActorReplication.Actors;

/// <summary>Refs that deliver selections themselves (remote refs send the selection to their node).</summary>
public interface IActorSelectionTarget
{
    void DeliverSelection(IReadOnlyList<string> elements, object message, IActorRef? sender);
}
