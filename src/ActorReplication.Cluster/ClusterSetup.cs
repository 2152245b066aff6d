using ActorReplication.Actors;

namespace ActorReplication.Cluster;

/// <summary>
/// What a cluster node needs besides its settings: the address other nodes reach it at (remoting's bound
/// address), the transport to the other nodes' daemons, and optionally a fixed uid and actor name (tests run
/// several nodes in one actor system). <see cref="PublishToEventStream"/> also puts membership events on the
/// system event stream, for the one node of a production system.
/// </summary>
public sealed record ClusterSetup(
    Address SelfAddress,
    IClusterTransport Transport,
    ClusterSettings? Settings = null,
    long? Uid = null,
    string Name = "cluster",
    bool PublishToEventStream = true);
