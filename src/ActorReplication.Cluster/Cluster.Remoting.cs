using ActorReplication.Actors;
using ActorReplication.Cluster.Remoting;
using ActorReplication.Remote;

namespace ActorReplication.Cluster;

public sealed partial class Cluster
{
    /// <summary>
    /// The cluster node of <paramref name="system"/>, started on first use from <c>system.Config</c> (the <c>cluster</c>
    /// section over hocon/reference/cluster.conf) over remoting (started too, if it is not running). Joins the seed
    /// nodes when the config lists some; otherwise call <see cref="Join"/> or <see cref="JoinSeedNodes"/>.
    /// </summary>
    public static Cluster Get(ActorSystem system) => Start(system, null);

    /// <summary>
    /// Starts the cluster node of <paramref name="system"/> with explicit <paramref name="settings"/> (null: from the
    /// config), or returns the running one (then the settings are ignored). Over remoting: the node's address and uid
    /// are remoting's (<see cref="RemoteTransport.Address"/>, <see cref="RemoteTransport.Uid"/>), so the cluster's
    /// incarnation and the association's agree; the cluster messages' serializer (id 110) is registered; membership
    /// events go to subscribers and to the system event stream; incarnations the cluster removes after a Down are
    /// quarantined in remoting.
    /// </summary>
    public static Cluster Start(ActorSystem system, ClusterSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        var holder = system.GetOrAddExtension(s => new Lazy<Cluster>(
            () => StartOverRemoting(s, settings ?? ClusterSettings.FromConfig(s.Config)), LazyThreadSafetyMode.ExecutionAndPublication));
        return holder.Value;
    }

    /// <summary>The running cluster node of <paramref name="system"/> (started by <see cref="Get"/> or <see cref="Start"/>), or null.</summary>
    public static Cluster? TryGet(ActorSystem system) =>
        system.GetExtension<Lazy<Cluster>>() is { IsValueCreated: true } holder ? holder.Value : null;

    private static Cluster StartOverRemoting(ActorSystem system, ClusterSettings settings)
    {
        var remote = RemoteTransport.Start(system);
        ClusterMessageSerializer.Register(remote.Serialization);
        const string name = "cluster";
        var cluster = Create(system, new ClusterSetup(remote.Address, new RemoteClusterTransport(system, name), settings, remote.Uid, name, PublishToEventStream: true));
        var quarantine = system.SystemActorOf(ClusterRemoteQuarantine.Props(remote, cluster.SelfUniqueAddress), name + "-quarantine");
        cluster.Subscribe(quarantine, ClusterEvents.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvents.MemberRemoved));
        return cluster;
    }
}
