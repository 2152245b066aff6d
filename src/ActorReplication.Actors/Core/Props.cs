namespace ActorReplication.Actors;

/// <summary>An immutable recipe for creating an actor: a factory plus deployment options.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy, string? dispatcher)
    {
        ActorType = actorType;
        _factory = factory;
        SupervisorStrategy = supervisorStrategy;
        Dispatcher = dispatcher;
    }

    public Type ActorType { get; }

    /// <summary>Overrides the strategy the actor uses for its own children.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Dispatcher id from config; null means the default dispatcher.</summary>
    public string? Dispatcher { get; }

    public static Props Create<TActor>() where TActor : ActorBase, new() =>
        new(typeof(TActor), static () => new TActor(), null, null);

    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase =>
        new(typeof(TActor), factory, null, null);

    /// <summary>Creates with constructor arguments found by reflection (slower; for convenience and tests).</summary>
    public static Props Create(Type actorType, params object?[] args)
    {
        if (!typeof(ActorBase).IsAssignableFrom(actorType))
            throw new ArgumentException($"{actorType} is not an actor type (it must derive from ActorBase)", nameof(actorType));
        return new Props(actorType, () => (ActorBase)Activator.CreateInstance(actorType, args)!, null, null);
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, _factory, strategy, Dispatcher);

    public Props WithDispatcher(string dispatcher) => new(ActorType, _factory, SupervisorStrategy, dispatcher);

    internal ActorBase NewActor() => _factory();

    public override string ToString() => $"Props({ActorType.Name})";
}
