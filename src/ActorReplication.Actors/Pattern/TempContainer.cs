using System.Collections.Concurrent;

namespace ActorReplication.Actors;

/// <summary>The <c>/temp</c> branch: short-lived refs such as Ask promises, resolvable by path while they live.</summary>
internal sealed class TempContainer(ActorPath path)
{
    private readonly ConcurrentDictionary<string, IInternalActorRef> _refs = new();
    private long _next;

    public ActorPath Path { get; } = path;

    public int Count => _refs.Count;

    public ActorPath NextPath() => Path.Child("$" + Interlocked.Increment(ref _next), Random.Shared.NextInt64(1, long.MaxValue));

    public void Add(IInternalActorRef actorRef) => _refs[actorRef.Path.Name] = actorRef;

    public void Remove(IInternalActorRef actorRef) => _refs.TryRemove(new KeyValuePair<string, IInternalActorRef>(actorRef.Path.Name, actorRef));

    public IInternalActorRef? Get(string name) => _refs.TryGetValue(name, out var r) ? r : null;
}
