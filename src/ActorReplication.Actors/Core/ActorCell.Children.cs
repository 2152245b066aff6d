namespace ActorReplication.Actors;

internal sealed partial class ActorCell
{
    private readonly Dictionary<string, ChildEntry> _children = new();
    private long _nextChildId;

    private sealed class ChildEntry(LocalActorRef actorRef)
    {
        public LocalActorRef Ref { get; } = actorRef;
        public ChildRestartStats Stats { get; } = new();
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        name ??= "$" + Base36(Interlocked.Increment(ref _nextChildId));
        ActorNames.Validate(name);
        LocalActorRef child;
        lock (_children)
        {
            if (_terminating)
                throw new ActorException($"Cannot create child [{name}] of {Self}: it is stopping");
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException($"Actor name [{name}] is not unique!");
            child = System.NewLocalActor(props, SelfRef, Self.Path.Child(name, System.NewUid()));
            _children.Add(name, new ChildEntry(child));
        }
        child.Start();
        return child;
    }

    public ActorSelection ActorSelection(string path) => System.SelectionFrom(SelfRef, path);

    public IEnumerable<IActorRef> GetChildren()
    {
        lock (_children)
        {
            var result = new IActorRef[_children.Count];
            var i = 0;
            foreach (var entry in _children.Values) result[i++] = entry.Ref;
            return result;
        }
    }

    public IActorRef? Child(string name) => GetChild(name);

    internal LocalActorRef? GetChild(string name)
    {
        lock (_children) return _children.TryGetValue(name, out var entry) ? entry.Ref : null;
    }

    private ChildEntry? ChildEntryFor(IActorRef child)
    {
        lock (_children)
            return _children.TryGetValue(child.Path.Name, out var entry) && entry.Ref.Equals(child) ? entry : null;
    }

    private bool RemoveChild(IActorRef child)
    {
        lock (_children)
        {
            if (!_children.TryGetValue(child.Path.Name, out var entry) || !entry.Ref.Equals(child)) return false;
            _children.Remove(child.Path.Name);
            return true;
        }
    }

    private bool HasChildren
    {
        get { lock (_children) return _children.Count > 0; }
    }

    public void Stop(IActorRef actor)
    {
        if (actor.Equals(Self) || ChildEntryFor(actor) is not null)
            ((IInternalActorRef)actor).Stop();
        else
            throw new InvalidOperationException($"Context.Stop can only stop self or a child; {actor} is neither (use PoisonPill)");
    }

    private static string Base36(long value)
    {
        const string digits = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> buffer = stackalloc char[16];
        var pos = buffer.Length;
        do
        {
            buffer[--pos] = digits[(int)(value % 36)];
            value /= 36;
        } while (value > 0);
        return new string(buffer[pos..]);
    }
}
