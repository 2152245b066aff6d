using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>
/// Messages between the cluster daemons of different nodes. They cross the wire: records of plain data, each
/// naming its sender's incarnation. A message addressed to an incarnation (<c>To</c>) that is not the receiver's
/// current one is dropped, so a restarted node never acts on what was meant for its predecessor.
/// </summary>
public static class ClusterProtocol
{
    /// <summary>Marker of every inter-node cluster message.</summary>
    public interface IClusterMessage
    {
        UniqueAddress From { get; }
    }

    /// <summary>A joining node asks a seed whether it is part of a cluster.</summary>
    public sealed record InitJoin(UniqueAddress From) : IClusterMessage;

    /// <summary>The seed is a member: send it a <see cref="Join"/>.</summary>
    public sealed record InitJoinAck(UniqueAddress From) : IClusterMessage;

    /// <summary>The seed is not (yet) a member of any cluster.</summary>
    public sealed record InitJoinNack(UniqueAddress From) : IClusterMessage;

    /// <summary>Asks to become a member, with the roles and RESP endpoint to carry in the membership.</summary>
    public sealed record Join(UniqueAddress From, ImmutableSortedSet<string> Roles, string RespEndpoint) : IClusterMessage;

    /// <summary>The contact added the joiner (as Joining): here is the gossip to start from.</summary>
    public sealed record Welcome(UniqueAddress From, UniqueAddress To, Gossip Gossip) : IClusterMessage;

    /// <summary>A full gossip, for a node that has not seen this version.</summary>
    public sealed record GossipEnvelope(UniqueAddress From, UniqueAddress To, Gossip Gossip) : IClusterMessage;

    /// <summary>Only the version: the receiver answers with its gossip if newer, or its status if older.</summary>
    public sealed record GossipStatus(UniqueAddress From, UniqueAddress To, VectorClock Version) : IClusterMessage;

    public sealed record Heartbeat(UniqueAddress From, long SequenceNr) : IClusterMessage;

    public sealed record HeartbeatRsp(UniqueAddress From, long SequenceNr) : IClusterMessage;
}
