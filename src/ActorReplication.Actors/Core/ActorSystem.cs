using System.Collections.Concurrent;
using ActorReplication.Configuration;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>
/// A hierarchy of actors with its config, scheduler, event stream and dead letters.
/// Create with <see cref="Create(string, Config?)"/>; stop with <see cref="Terminate"/>.
/// </summary>
public sealed class ActorSystem : IActorRefFactory, IAsyncDisposable
{
    private static readonly Lazy<Config> ReferenceConfig = new(() =>
        HoconFiles.FromResource(typeof(ActorSystem).Assembly, "reference/actors.conf"));

    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Type, object> _extensions = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly LocalActorRef _root;
    private readonly LocalActorRef _userGuardian;
    private readonly LocalActorRef _systemGuardian;
    private int _terminateRequested;
    private IRemoteActorRefProvider? _remoteProvider;

    private ActorSystem(string name, ActorSystemSetup setup)
    {
        ActorNames.Validate(name);
        Name = name;
        Config = (setup.Config ?? Config.Empty).WithFallback(ReferenceConfig.Value);
        Settings = ActorSystemSettings.FromConfig(Config);
        Address = new Address(Address.LocalProtocol, name);
        StartTime = DateTimeOffset.UtcNow;
        EventStream = new EventStream();

        _loggerFactory = new LoggerFactory(
            [new EventStreamLoggerProvider(EventStream, Settings.LogLevel), .. setup.LoggerProviders ?? []],
            new LoggerFilterOptions { MinLevel = Settings.LogLevel });
        Log = _loggerFactory.CreateLogger("ActorSystem." + name);
        Scheduler = setup.Scheduler ?? CreateScheduler();

        var rootPath = ActorPath.Root(Address);
        DeadLetters = new DeadLetterActorRef(rootPath.Child("deadLetters"), this);
        TempContainer = new TempContainer(rootPath.Child("temp"));
        var walker = new BubbleWalker(this, rootPath.Child("bubble-walker"), OnRootTerminated);
        _root = NewLocalActor(Props.Create<RootGuardianActor>(), walker, rootPath.WithUid(NewUid()));
        _userGuardian = (LocalActorRef)_root.Cell.ActorOf(Props.Create<GuardianActor>(), "user");
        _systemGuardian = (LocalActorRef)_root.Cell.ActorOf(Props.Create<GuardianActor>(), "system");
        _root.Start();
        // Subscribed here, not in PreStart, so dead letters from the very first moment are logged.
        var deadLetterListener = _systemGuardian.Cell.ActorOf(Props.Create(() => new DeadLetterListener(Settings.LogDeadLetters)), "deadLetterListener");
        EventStream.Subscribe<DeadLetter>(deadLetterListener);
    }

    public static ActorSystem Create(string name, Config? config = null) => new(name, new ActorSystemSetup(config));

    public static ActorSystem Create(string name, ActorSystemSetup setup) => new(name, setup);

    public string Name { get; }

    /// <summary>The full config: what the caller gave, over the runtime's reference defaults.</summary>
    public Config Config { get; }

    public ActorSystemSettings Settings { get; }

    public Address Address { get; }

    public DateTimeOffset StartTime { get; }

    public TimeSpan Uptime => DateTimeOffset.UtcNow - StartTime;

    public IScheduler Scheduler { get; }

    public EventStream EventStream { get; }

    public IActorRef DeadLetters { get; }

    public ILoggerFactory LoggerFactory => _loggerFactory;

    public ILogger Log { get; }

    /// <summary>Completes when every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    public bool IsTerminating => Volatile.Read(ref _terminateRequested) != 0;

    internal TempContainer TempContainer { get; }

    internal IActorRef UserGuardian => _userGuardian;

    /// <summary>Checks messages told to local actors when <c>actor.serialize-messages</c> is on; set by remoting.</summary>
    public Action<object>? SerializationVerifier { get; set; }

    /// <summary>Remoting, once registered; null while the system is local only.</summary>
    public IRemoteActorRefProvider? RemoteProvider => Volatile.Read(ref _remoteProvider);

    /// <summary>
    /// Lets remoting answer for addresses other than <see cref="Address"/> (selections, <see cref="ResolveActorRef(ActorPath)"/>).
    /// Once per system.
    /// </summary>
    public void RegisterRemoteProvider(IRemoteActorRefProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (Interlocked.CompareExchange(ref _remoteProvider, provider, null) is not null)
            throw new InvalidOperationException($"Actor system {Name} already has a remote provider");
    }

    /// <summary>True for this system's own address and, with remoting, its public address.</summary>
    public bool IsLocalAddress(Address address) =>
        address.Equals(Address) || (RemoteProvider?.IsLocalAddress(address) ?? false);

    /// <summary>
    /// The ref for a full path: a live local actor (dead letters when none lives there), or through remoting a
    /// remote ref. Without remoting a foreign address resolves to dead letters.
    /// </summary>
    public IActorRef ResolveActorRef(ActorPath path)
    {
        if (IsLocalAddress(path.Address)) return ResolveLocal(path);
        return RemoteProvider?.ResolveRemote(path) ?? DeadLetters;
    }

    public IActorRef ResolveActorRef(string path) => ResolveActorRef(ActorPath.Parse(path));

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.Cell.ActorOf(props, name);

    /// <summary>Creates an actor under <c>/system</c>, for runtime services.</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.Cell.ActorOf(props, name);

    public ActorSelection ActorSelection(string path) => SelectionFrom(_root, path);

    public ActorSelection ActorSelection(ActorPath path) => ActorSelection(path.ToString());

    public void Stop(IActorRef actor) => ((IInternalActorRef)actor).Stop();

    /// <summary>Stops user actors (children before parents), then system actors, then completes <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            Log.LogDebug("Terminating actor system {Name}", Name);
            _userGuardian.Stop();
        }
        return WhenTerminated;
    }

    public async ValueTask DisposeAsync()
    {
        await Terminate().WaitAsync(Settings.TerminateTimeout).ConfigureAwait(false);
    }

    /// <summary>One instance of <typeparamref name="T"/> per system, created on first use (e.g. remoting, cluster).</summary>
    public T GetOrAddExtension<T>(Func<ActorSystem, T> factory) where T : class =>
        (T)_extensions.GetOrAdd(typeof(T), static (_, state) => state.factory(state.system), (factory, system: this));

    public T? GetExtension<T>() where T : class => _extensions.TryGetValue(typeof(T), out var e) ? (T)e : null;

    /// <summary>Looks up a live local actor by its path; dead letters when none lives there.</summary>
    public IActorRef ResolveLocal(ActorPath path)
    {
        if (path.Elements is ["temp", var tempName]) return TempContainer.Get(tempName) ?? DeadLetters;
        IInternalActorRef current = _root;
        foreach (var element in path.Elements)
        {
            var next = LocalChild(current, element);
            if (next is null) return DeadLetters;
            current = next;
        }
        return path.Uid == 0 || path.Uid == current.Path.Uid ? current : DeadLetters;
    }

    public override string ToString() => Address.ToString();

    internal LocalActorRef NewLocalActor(Props props, IInternalActorRef parent, ActorPath path)
    {
        var actorRef = new LocalActorRef(path);
        var dispatcher = Settings.DispatcherFor(props.Dispatcher);
        var mailbox = new Mailbox(dispatcher.Throughput, dispatcher.InlineWhenIdle);
        actorRef.Cell = new ActorCell(this, actorRef, props, parent, mailbox);
        return actorRef;
    }

    internal long NewUid()
    {
        long uid;
        do uid = Random.Shared.NextInt64(); while (uid == 0);
        return uid;
    }

    internal PromiseActorRef NewPromise()
    {
        var promise = new PromiseActorRef(this, TempContainer.NextPath());
        TempContainer.Add(promise);
        return promise;
    }

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        if (message is DeadLetter) return;
        EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    internal void VerifySerializable(object message)
    {
        if (Settings.SerializeMessages && SerializationVerifier is { } verify && message is not INoSerializationVerificationNeeded
            and not IAutoReceivedMessage and not SystemMessage)
            verify(message);
    }

    internal ActorSelection SelectionFrom(LocalActorRef anchor, string path)
    {
        if (path.Contains("://", StringComparison.Ordinal))
        {
            var absolute = ActorPath.Parse(path);
            if (IsLocalAddress(absolute.Address)) return new ActorSelection(_root, [.. absolute.Elements]);
            if (RemoteProvider is { } remote) return new ActorSelection(remote.RemoteRoot(absolute.Address), [.. absolute.Elements]);
            throw new ActorNotFoundException($"No route to {absolute.Address} from {Address} (remoting is not enabled)");
        }
        var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new ActorSelection(path.StartsWith('/') ? _root : anchor, elements);
    }

    /// <summary>Walks a selection from a local anchor and tells every actor it reaches.</summary>
    internal void DeliverSelection(IActorRef anchor, IReadOnlyList<string> elements, object message, IActorRef? sender)
    {
        var targets = new List<IInternalActorRef> { (IInternalActorRef)anchor };
        foreach (var element in elements)
        {
            var next = new List<IInternalActorRef>();
            foreach (var current in targets)
            {
                if (element == "..")
                {
                    if (current is LocalActorRef local) next.Add(local.Cell.ParentRef);
                }
                else if (element.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    if (current is LocalActorRef local)
                        foreach (var child in local.Cell.GetChildren())
                            if (Glob.IsMatch(element, child.Path.Name)) next.Add((IInternalActorRef)child);
                }
                else if (LocalChild(current, element) is { } child)
                {
                    next.Add(child);
                }
            }
            targets = next;
        }
        if (targets.Count == 0)
        {
            if (message is Identify identify) sender?.Tell(new ActorIdentity(identify.MessageId, null), DeadLetters);
            else PublishDeadLetter(message, sender, anchor);
            return;
        }
        foreach (var target in targets) target.Tell(message, sender);
    }

    private IInternalActorRef? LocalChild(IInternalActorRef parent, string name)
    {
        if (parent.Equals(_root))
        {
            if (name == "deadLetters") return (IInternalActorRef)DeadLetters;
            if (name == "temp") return null;
        }
        if (parent is LocalActorRef local) return local.Cell.GetChild(name);
        return null;
    }

    private IScheduler CreateScheduler()
    {
        var typeName = Settings.SchedulerImplementation;
        if (string.IsNullOrWhiteSpace(typeName))
            return new DedicatedThreadScheduler(_loggerFactory.CreateLogger<DedicatedThreadScheduler>());
        var type = Type.GetType(typeName, throwOnError: false)
            ?? throw new ConfigException($"Configuration key 'actor.scheduler.implementation': type '{typeName}' not found");
        var withConfig = type.GetConstructor([typeof(Config)]);
        var instance = withConfig is not null ? withConfig.Invoke([Config]) : Activator.CreateInstance(type);
        return instance as IScheduler
            ?? throw new ConfigException($"Configuration key 'actor.scheduler.implementation': '{typeName}' is not an IScheduler");
    }

    private void OnRootTerminated()
    {
        if (Scheduler is IDisposable disposable) disposable.Dispose();
        _loggerFactory.Dispose();
        _terminated.TrySetResult();
    }
}
