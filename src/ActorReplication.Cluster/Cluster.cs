using System.Collections.Immutable;
using ActorReplication.Actors;
using static ActorReplication.Cluster.ClusterDaemonMessages;

namespace ActorReplication.Cluster;

/// <summary>
/// A node's handle on cluster membership: join, leave, down, subscribe to events, read the state. Created with
/// <see cref="Create"/>, which starts the daemon actor under <c>/system/{name}</c>; when the settings list seed
/// nodes it starts joining at once. All methods are thread-safe (they send messages to the daemon).
/// </summary>
public sealed class Cluster
{
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
        return new Cluster(system, self, settings, daemon);
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
