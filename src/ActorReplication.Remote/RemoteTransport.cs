using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote.DeathWatch;
using ActorReplication.Remote.Serialization;
using ActorReplication.Remote.Transport;
using Akka.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Remote;

/// <summary>
/// Remoting for one actor system: a TCP listener at <see cref="Address"/>, one association per peer node, refs to
/// remote actors, serialization, remote death watch and the failure detector. Start it with <see cref="Start(ActorSystem)"/>
/// (once per system; later calls return the same instance). It stops when the system terminates: queued messages
/// (such as the death notifications of the stopping actors) are flushed and peers are told this incarnation is gone.
/// </summary>
public sealed partial class RemoteTransport : IRemoteActorRefProvider, IActorRefCodec
{
    /// <summary>The wire protocol version, exchanged in the handshake. Nodes refuse peers of another version.</summary>
    public const uint ProtocolVersion = 1;

    /// <summary>The address protocol of remoting: <c>ar.tcp://system@host:port</c>.</summary>
    public const string Protocol = "ar.tcp";

    private static readonly Lazy<Config> ReferenceConfig = new(() =>
        HoconFiles.FromResource(typeof(RemoteTransport).Assembly, "reference/remote.conf"));

    private readonly ConcurrentDictionary<Address, Association> _associations = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly ConcurrentDictionary<UniqueAddress, long> _quarantined = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FaultInjector? _faults;
    private readonly Socket _listener;
    private readonly object _stateGate = new();
    private volatile bool _isStopping;
    private Task? _shutdown;

    private RemoteTransport(ActorSystem system, RemoteSettings settings)
    {
        if (system.IsTerminating) throw new InvalidOperationException($"Actor system {system.Name} is terminating; remoting cannot start");
        System = system;
        Settings = settings;
        Log = system.LoggerFactory.CreateLogger("ActorReplication.Remote");
        Uid = Random.Shared.NextInt64(1, long.MaxValue);
        Serialization = new SerializerRegistry(this);
        Watcher = new RemoteWatcher();
        _refLookup = _refCache.GetAlternateLookup<ReadOnlySpan<char>>();
        _manifestLookup = _manifests.GetAlternateLookup<ReadOnlySpan<char>>();
        _faults = settings.EnableFaultInjection ? new FaultInjector() : null;
        _listener = Bind(settings, out var port);
        Address = new Address(Protocol, system.Name, settings.AdvertisedHostname, port);
        UniqueAddress = new UniqueAddress(Address, Uid);
        _addressText = Address.ToString();
        VerifyOutbound = system.Settings.SerializeMessages;
        system.RegisterRemoteProvider(this);
        system.SerializationVerifier = Serialization.Verify;
        _ = Task.Run(AcceptLoopAsync);
        _ = Task.Run(TickLoopAsync);
        system.SystemActorOf(Props.Create(() => new RemotingGuard(this)), "remoting");
        _ = system.WhenTerminated.ContinueWith(static (_, state) => ((RemoteTransport)state!).ShutdownAsync(), this, TaskScheduler.Default);
        Log.LogInformation("Remoting started: {Address} (uid {Uid}), listening on {EndPoint}", Address, Uid, _listener.LocalEndPoint);
    }

    /// <summary>Starts remoting for <paramref name="system"/> with its <c>remote</c> config, or returns the running instance.</summary>
    public static RemoteTransport Start(ActorSystem system) => Start(system, null);

    /// <summary>Starts with explicit settings (ignored when remoting already runs).</summary>
    public static RemoteTransport Start(ActorSystem system, RemoteSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        var holder = system.GetOrAddExtension(s => new Lazy<RemoteTransport>(
            () => new RemoteTransport(s, settings ?? SettingsFor(s)), LazyThreadSafetyMode.ExecutionAndPublication));
        return holder.Value;
    }

    /// <summary>The running remoting of <paramref name="system"/>, or null.</summary>
    public static RemoteTransport? Get(ActorSystem system) =>
        system.GetExtension<Lazy<RemoteTransport>>() is { IsValueCreated: true } holder ? holder.Value : null;

    /// <summary>The settings remoting would start with: the system's <c>remote</c> section over remote.conf.</summary>
    public static RemoteSettings SettingsFor(ActorSystem system) =>
        RemoteSettings.FromConfig(system.Config.WithFallback(ReferenceConfig.Value));

    /// <summary>The reference config (every key with its default).</summary>
    public static Config DefaultConfig => ReferenceConfig.Value;

    public ActorSystem System { get; }

    public RemoteSettings Settings { get; }

    /// <summary>This node's public address: <c>ar.tcp://system@host:port</c>, with the port actually bound.</summary>
    public Address Address { get; }

    /// <summary>This incarnation: random, new on every start.</summary>
    public long Uid { get; }

    public UniqueAddress UniqueAddress { get; }

    public SerializerRegistry Serialization { get; }

    /// <summary>Test faults on outbound traffic; requires <c>remote.enable-fault-injection = on</c>.</summary>
    public FaultInjector Faults => _faults
        ?? throw new InvalidOperationException("Fault injection is off; set remote.enable-fault-injection = on (tests only)");

    /// <summary>Completes when the listener and every connection are closed.</summary>
    public Task WhenStopped => _stopped.Task;

    Address IRemoteActorRefProvider.PublicAddress => Address;

    internal ILogger Log { get; }

    internal RemoteWatcher Watcher { get; }

    internal FaultInjector? FaultsOrNull => _faults;

    internal bool IsStopping => _isStopping;

    /// <summary>actor.serialize-messages: a remote Tell checks the message at once, so the caller sees the failure.</summary>
    internal bool VerifyOutbound { get; }

    /// <summary>Counters over every link this node has had open (frames and bytes, both directions).</summary>
    public RemoteStatistics GetStatistics()
    {
        lock (_statsGate)
        {
            long framesSent = _closedStats.FramesSent, bytesSent = _closedStats.BytesSent;
            long framesReceived = _closedStats.FramesReceived, bytesReceived = _closedStats.BytesReceived;
            foreach (var link in _links.Keys)
            {
                framesSent += Volatile.Read(ref link.FramesSent);
                bytesSent += Volatile.Read(ref link.BytesSent);
                framesReceived += Volatile.Read(ref link.FramesReceived);
                bytesReceived += Volatile.Read(ref link.BytesReceived);
            }
            return new RemoteStatistics(framesSent, bytesSent, framesReceived, bytesReceived, _associations.Count(a => a.Value.IsActive));
        }
    }

    /// <summary>
    /// Never talk to incarnation <paramref name="uid"/> of <paramref name="address"/> again: its queued messages are
    /// dropped, its connection closed, its handshakes refused, and every watcher of its actors gets
    /// <c>Terminated(addressTerminated: true)</c>. A uid of 0 (never associated) only ends the watches.
    /// </summary>
    public void Quarantine(Address address, long uid, string reason) => Quarantine(address, uid, reason, LogLevel.Warning, notifyPeer: true);

    /// <summary>True when incarnation <paramref name="uid"/> of <paramref name="address"/> is quarantined here.</summary>
    public bool IsQuarantined(Address address, long uid) => _quarantined.ContainsKey(new UniqueAddress(address, uid));

    /// <summary>Flushes what is queued, says goodbye to every peer and closes everything. Runs on system termination.</summary>
    public Task ShutdownAsync()
    {
        lock (_stateGate)
        {
            if (_shutdown is not null) return _shutdown;
            _isStopping = true;
            _shutdown = Task.Run(ShutdownCoreAsync);
            return _shutdown;
        }
    }

    /// <summary>Simulates a crash (TestKit multi-node harness): every socket closes at once, nobody is told anything.</summary>
    internal void Abort()
    {
        lock (_stateGate)
        {
            _isStopping = true;
            _shutdown ??= Task.CompletedTask;
        }
        _stopping.Cancel();
        _listener.Dispose();
        foreach (var association in _associations.Values) association.Abort("crashed");
        foreach (var link in _links.Keys) link.Close("crashed");
        Log.LogWarning("Remoting of {Address} aborted (simulated crash)", Address);
        _stopped.TrySetResult();
    }

    internal Association GetOrCreateAssociation(Address address) =>
        _associations.GetOrAdd(address, static (a, transport) => new Association(transport, a), this);

    internal FrameEncoder CreateEncoder() => new(this);

    /// <summary>Total order on addresses: when two nodes connect at once, the link opened by the lower address wins.</summary>
    internal bool WinsSimultaneousConnect(Address peer) => string.CompareOrdinal(_addressText, peer.ToString()) < 0;

    internal void Quarantine(Address address, long uid, string reason, LogLevel level, bool notifyPeer)
    {
        if (uid != 0) _quarantined[new UniqueAddress(address, uid)] = Environment.TickCount64;
        if (_associations.TryGetValue(address, out var association)) association.OnQuarantined(uid, notifyPeer);
        Log.Log(level, "Quarantined {Remote}#{Uid}: {Reason}", address, uid, reason);
        System.EventStream.Publish(new RemotingLifecycle.Quarantined(address, uid, reason));
        FireAddressTerminated(address);
    }

    /// <summary>Every local watcher of an actor on <paramref name="address"/> learns that it is gone with its node.</summary>
    internal void FireAddressTerminated(Address address)
    {
        foreach (var (watchee, watcher) in Watcher.TakeAll(address))
            watcher.SendSystemMessage(new DeathWatchNotification(watchee, ExistenceConfirmed: false, AddressTerminated: true));
    }

    internal void OnAssociated(Association association, Link link, long previousUid)
    {
        Log.LogInformation("Associated with {Remote}#{Uid} ({Direction})", association.RemoteAddress, link.RemoteUid, link.Inbound ? "inbound" : "outbound");
        System.EventStream.Publish(new RemotingLifecycle.Associated(Address, association.RemoteAddress, link.RemoteUid, link.Inbound));
        if (previousUid != 0 && previousUid != link.RemoteUid)
            Quarantine(association.RemoteAddress, previousUid, $"it restarted as a new incarnation (uid {link.RemoteUid})", LogLevel.Warning, notifyPeer: false);
    }

    internal void OnDisassociated(Association association, string reason)
    {
        Log.LogInformation("Disassociated from {Remote}: {Reason}", association.RemoteAddress, reason);
        System.EventStream.Publish(new RemotingLifecycle.Disassociated(Address, association.RemoteAddress, reason));
    }

    internal void OnQuarantinedByPeer(Association association)
    {
        association.OnQuarantinedByPeer();
        Log.LogError("{Remote} quarantined this node ({Local}#{Uid}); the two can only talk again after this node restarts",
            association.RemoteAddress, Address, Uid);
        System.EventStream.Publish(new RemotingLifecycle.ThisSystemQuarantined(Address, association.RemoteAddress));
        FireAddressTerminated(association.RemoteAddress);
    }

    private static Socket Bind(RemoteSettings settings, out int port)
    {
        var ip = IPAddress.TryParse(settings.Hostname, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(settings.Hostname).FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
              ?? throw new ConfigException($"Configuration key 'remote.hostname': '{settings.Hostname}' resolves to no IP address");
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR only (not SO_REUSEPORT, which .NET's ReuseAddress adds on Unix): a node restarted on its
            // port binds despite connections of its previous incarnation in TIME_WAIT, but two live nodes never share a port.
            if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(ip, settings.Port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                Log.LogDebug("Accept failed: {Reason}", ex.Message);
                continue;
            }
            socket.NoDelay = true;
            var link = new Link(socket, inbound: true, expectedRemote: null);
            Log.LogDebug("Accepted a connection from {EndPoint}", link.RemoteEndPoint);
            _ = Task.Run(() => RunLinkAsync(link, null));
        }
    }

    /// <summary>Heartbeats, reconnects and the deadline failure detector, once per <c>remote.heartbeat-interval</c>.</summary>
    private async Task TickLoopAsync()
    {
        using var timer = new PeriodicTimer(Settings.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    foreach (var association in _associations.Values) association.Tick();
                    DetectLostNodes();
                }
                catch (Exception ex)
                {
                    Log.LogError(ex, "Remoting tick failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>A node with watched actors that has been silent longer than the acceptable pause is lost.</summary>
    private void DetectLostNodes()
    {
        var now = Environment.TickCount64;
        var pause = (long)Settings.AcceptableHeartbeatPause.TotalMilliseconds;
        foreach (var (address, since) in Watcher.WatchedNodes())
        {
            var association = GetOrCreateAssociation(address);
            if (association.IsRefusedByPeer)
            {
                FireAddressTerminated(address);
                continue;
            }
            var silent = now - Math.Max(association.LastHeard, since);
            if (silent > pause)
                Quarantine(address, association.RemoteUid,
                    $"no heartbeat for {silent} ms (remote.acceptable-heartbeat-pause = {pause} ms)", LogLevel.Warning, notifyPeer: true);
        }
    }

    private async Task ShutdownCoreAsync()
    {
        _stopping.Cancel();
        _listener.Dispose();
        var farewells = _associations.Values.Select(a => a.BeginShutdown()).ToArray();
        await Task.WhenAny(Task.WhenAll(farewells), Task.Delay(Settings.ShutdownFlushTimeout)).ConfigureAwait(false);
        foreach (var association in _associations.Values) association.Abort("remoting stopped");
        foreach (var link in _links.Keys) link.Close("remoting stopped");
        Log.LogInformation("Remoting of {Address} stopped", Address);
        _stopped.TrySetResult();
    }

    public override string ToString() => $"RemoteTransport({Address}#{Uid})";

    private readonly string _addressText;
    private readonly object _statsGate = new();
    private RemoteStatistics _closedStats = new(0, 0, 0, 0, 0);

    private void AddClosedStats(Link link)
    {
        lock (_statsGate)
        {
            if (!_links.TryRemove(link, out _)) return;
            _closedStats = _closedStats with
            {
                FramesSent = _closedStats.FramesSent + link.FramesSent,
                BytesSent = _closedStats.BytesSent + link.BytesSent,
                FramesReceived = _closedStats.FramesReceived + link.FramesReceived,
                BytesReceived = _closedStats.BytesReceived + link.BytesReceived,
            };
        }
    }

    /// <summary>Lives under <c>/system/remoting</c>: system actors stop after user actors, so its PostStop starts the shutdown late enough.</summary>
    private sealed class RemotingGuard(RemoteTransport transport) : ActorBase
    {
        protected override bool Receive(object message) => false;

        protected override void PostStop() => _ = transport.ShutdownAsync();
    }
}
