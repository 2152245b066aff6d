namespace ActorReplication.Actors;

/// <summary>
/// A path to look up at send time, possibly with wildcards (<c>*</c>, <c>?</c>) and <c>..</c>.
/// Messages to paths where nothing lives become dead letters; <see cref="Identify"/> gets an empty identity.
/// </summary>
public sealed class ActorSelection
{
    public ActorSelection(IActorRef anchor, IReadOnlyList<string> elements)
    {
        Anchor = anchor;
        Elements = elements;
    }

    /// <summary>Where the walk starts: a root guardian (absolute paths) or an actor (relative paths).</summary>
    public IActorRef Anchor { get; }

    public IReadOnlyList<string> Elements { get; }

    public void Tell(object message, IActorRef? sender)
    {
        if (Anchor is IActorSelectionTarget target) target.DeliverSelection(Elements, message, sender);
        else ((ISystemBound)Anchor).System.DeliverSelection(Anchor, Elements, message, sender);
    }

    public void Tell(object message) => Tell(message, ActorCell.Current?.Self);

    /// <summary>Finds the one actor at this path now, or fails with <see cref="ActorNotFoundException"/>.</summary>
    public async Task<IActorRef> ResolveOne(TimeSpan timeout)
    {
        var system = (Anchor as ISystemBound)?.System ?? throw new ActorNotFoundException($"Actor not found for: {this}");
        var promise = system.NewPromise();
        using var cts = new CancellationTokenSource(timeout);
        using var reg = cts.Token.Register(() => promise.Fail(new ActorNotFoundException($"Actor not found for: {this} (no answer within {timeout})")));
        Tell(new Identify(null), promise);
        var identity = (ActorIdentity)await promise.Task.ConfigureAwait(false);
        return identity.Subject ?? throw new ActorNotFoundException($"Actor not found for: {this}");
    }

    public override string ToString() => $"ActorSelection[Anchor({Anchor.Path}), Path(/{string.Join('/', Elements)})]";
}
