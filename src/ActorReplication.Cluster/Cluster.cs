using System.Collections.Immutable;
using ActorReplication.Actors;
using static ActorReplication.Cluster.ClusterDaemonMessages;

namespace ActorReplication.Cluster;

/// <summary>
/// A node's handle on cluster membership: join, leave, down, subscribe to events, read the state. Created with
/// <see cref="Create"/>, which starts the daemon actor under <c>/system/{name}</c>; when the settings list seed
/// nodes it starts joining at once. All methods are thread-safe (they send messages to the daemon).
/// Over remoting, <see cref="Get"/> creates the one node of an actor system from its config (Cluster.Remoting.cs).
/// </summary>
public sealed partial class Cluster
{
    private volatile ClusterEvents.CurrentClusterState _state = ClusterEvents.CurrentClusterState.Empty;
    private volatile bool _isShutDown;

    private Cluster(ActorSystem system, UniqueAddress self, ClusterSettings settings, IActorRef daemon)
    {
        System = system;
        SelfUniqueAddress = self;
        Settings = settings;
        Daemon = daemon;
    }

    public ActorSystem System { get; }

    public UniqueAddress SelfUniqueAddress { get; }

    public Address SelfAddress => SelfUniqueAddress.Address;

    public ClusterSettings Settings { get; }

    /// <summary>The daemon: the transport delivers inbound <see cref="ClusterProtocol.IClusterMessage"/>s here.</summary>
    public IActorRef Daemon { get; }

    /// <summary>
    /// The latest membership this node knows, read without asking the daemon (safe from inside any actor's turn):
    /// kept by a read-view actor that subscribes to the events, so it trails the daemon by one message hop.
    /// <see cref="ClusterEvents.CurrentClusterState.SeenBy"/> is the value at subscription only.
    /// </summary>
    public ClusterEvents.CurrentClusterState State => _state;

    /// <summary>This node's own entry in <see cref="State"/>; null until it has been welcomed (and after removal).</summary>
    public Member? SelfMember => _state.Members.TryGetValue(Member.Restore(SelfUniqueAddress, MemberStatus.Joining, [], Member.NotUpYet, ""), out var m) ? m : null;

    /// <summary>True once this node's daemon stopped taking part (it was downed or removed); it must restart to rejoin.</summary>
    public bool IsShutDown => _isShutDown;

    public static Cluster Create(ActorSystem system, ClusterSetup setup)
    {
        var settings = setup.Settings ?? ClusterSettings.FromConfig(system.Config);
        if (setup.SelfAddress.Host is null || setup.SelfAddress.Port is null)
            throw new ArgumentException($"A cluster node needs a host:port address, not {setup.SelfAddress}", nameof(setup));
        long uid;
        if (setup.Uid is { } fixedUid) uid = fixedUid;
        else do uid = Random.Shared.NextInt64(); while (uid == 0);
        var self = new UniqueAddress(setup.SelfAddress, uid);
        var daemon = system.SystemActorOf(ClusterCoreDaemon.Props(settings, setup.Transport, self, setup.PublishToEventStream), setup.Name);
        var cluster = new Cluster(system, self, settings, daemon);
        var readView = system.SystemActorOf(Actors.Props.Create(() => new ClusterReadView(cluster)), setup.Name + "-read-view");
        cluster.Subscribe(readView, ClusterEvents.SubscriptionInitialStateMode.InitialStateAsSnapshot);
        return cluster;
    }

    /// <summary>Keeps <see cref="State"/> up to date from the events (Akka's ClusterReadView).</summary>
    private sealed class ClusterReadView : ReceiveActor
    {
        public ClusterReadView(Cluster cluster)
        {
            Receive<ClusterEvents.CurrentClusterState>(s => cluster._state = s);
            Receive<ClusterEvents.ClusterShuttingDown>(_ => cluster._isShutDown = true);
            Receive<ClusterEvents.IClusterDomainEvent>(e => cluster._state = ClusterEvents.Apply(cluster._state, e));
        }
    }

    /// <summary>Hands a message that arrived from another node to the daemon.</summary>
    public void Deliver(ClusterProtocol.IClusterMessage message) => Daemon.Tell(message, null);

    /// <summary>Joins the cluster that <paramref name="contact"/> belongs to; joining one's own address forms a new cluster.</summary>
    public void Join(Address contact) => Daemon.Tell(new JoinTo(contact), null);

    /// <summary>Joins through the seed-node process (the first seed may form a new cluster).</summary>
    public void JoinSeedNodes(IEnumerable<Address> seeds) => Daemon.Tell(new JoinSeedNodes([.. seeds]), null);

    /// <summary>Asks for a graceful leave of the member at <paramref name="address"/> (Leaving → Exiting → Removed).</summary>
    public void Leave(Address address) => Daemon.Tell(new Leave(address), null);

    /// <summary>Declares the member at <paramref name="address"/> dead; the leader then removes it.</summary>
    public void Down(Address address) => Daemon.Tell(new Down(address), null);

    /// <summary>
    /// Subscribes <paramref name="subscriber"/> to events of the given types (or interfaces such as
    /// <see cref="ClusterEvents.IMemberEvent"/>); all cluster events when none is given. It first gets the current
    /// state as <paramref name="initialStateMode"/> says.
    /// </summary>
    public void Subscribe(IActorRef subscriber, ClusterEvents.SubscriptionInitialStateMode initialStateMode, params Type[] to) =>
        Daemon.Tell(new Subscribe(subscriber, initialStateMode, [.. to]), null);

    public void Unsubscribe(IActorRef subscriber, Type? to = null) => Daemon.Tell(new Unsubscribe(subscriber, to), null);

    public Task<ClusterEvents.CurrentClusterState> GetStateAsync(TimeSpan? timeout = null) =>
        Daemon.Ask<ClusterEvents.CurrentClusterState>(GetClusterState.Instance, timeout);

    internal Task<InternalState> GetInternalStateAsync(TimeSpan? timeout = null) =>
        Daemon.Ask<InternalState>(GetInternalState.Instance, timeout);

    public override string ToString() => $"Cluster({SelfUniqueAddress})";
}
