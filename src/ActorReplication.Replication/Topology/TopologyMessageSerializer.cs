using System.Runtime.Serialization;
using ActorReplication.Configuration;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using ActorReplication.Replication.Protocol;
using Google.Protobuf;
using static ActorReplication.Replication.Topology.TopologyProtocol;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// Serializer id 130 (130-139 are kept for the topology): <see cref="StateUpdate"/> and <see cref="Promote"/> as the
/// Protobuf payloads of <c>Protocol/topology.proto</c>. Decoding is strict: an unknown role or a state without address
/// fails with a <see cref="SerializationException"/>, so Akka.Remote drops the message before the topology actor sees it.
/// </summary>
public sealed class TopologyMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 130;

    /// <summary>Message type → manifest. Append-only.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(StateUpdate)] = "ts",
        [typeof(Promote)] = "tp",
    };

    public override int Identifier => Id;

    /// <summary>The Akka HOCON that registers the serializer and binds the topology messages to it.</summary>
    public static Config Config { get; } = SerializerBindings.For("topology", typeof(TopologyMessageSerializer), Manifests.Keys);

    public override string Manifest(object message) =>
        Manifests.TryGetValue(message.GetType(), out var manifest) ? manifest : throw new NotSupportedException($"{nameof(TopologyMessageSerializer)} does not handle {message.GetType()}");

    public override byte[] ToBinary(object message)
    {
        IMessage data = message switch
        {
            StateUpdate m => ToData(m.State),
            Promote m => new PromoteData { Group = m.Group, Epoch = m.Epoch, RunId = m.RunId, Reason = m.Reason },
            _ => throw new NotSupportedException($"{nameof(TopologyMessageSerializer)} does not handle {message.GetType()}"),
        };
        return data.ToByteArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            switch (manifest)
            {
                case "ts": return new StateUpdate(FromData(NodeTopologyStateData.Parser.ParseFrom(bytes)));
                case "tp":
                    var p = PromoteData.Parser.ParseFrom(bytes);
                    if (p.Group.Length == 0 || p.RunId.Length == 0 || p.Epoch <= 0) throw new SerializationException("topology Promote without group, run id or positive epoch");
                    return new Promote(p.Group, p.Epoch, p.RunId, p.Reason);
                default: throw new SerializationException($"unknown topology manifest '{manifest}'");
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new SerializationException($"malformed topology message '{manifest}': {ex.Message}", ex);
        }
    }

    private static NodeTopologyStateData ToData(NodeTopologyState s) => new()
    {
        Address = s.Address,
        Uid = s.Uid,
        Group = s.Group,
        Role = (TopologyRoleData)s.Role,
        ReplId = s.ReplId,
        Offset = s.Offset,
        Epoch = s.Epoch,
        Priority = s.Priority,
        RespEndpoint = s.RespEndpoint,
        RunId = s.RunId,
        Following = s.Following,
        Fenced = s.Fenced,
        InitialMaster = s.InitialMaster,
        AutoFailover = s.AutoFailover,
    };

    private static NodeTopologyState FromData(NodeTopologyStateData d)
    {
        if (d.Address.Length == 0 || d.Group.Length == 0) throw new SerializationException("topology state without address or group");
        if (!Enum.IsDefined((TopologyRole)d.Role)) throw new SerializationException($"topology state with unknown role {(int)d.Role}");
        if (d.Epoch < 0 || d.Offset < 0) throw new SerializationException("topology state with a negative epoch or offset");
        return new NodeTopologyState(d.Address, d.Uid, d.Group, (TopologyRole)d.Role, d.ReplId, d.Offset, d.Epoch, d.Priority, d.RespEndpoint,
            d.RunId, d.Following, d.Fenced, d.InitialMaster, d.AutoFailover);
    }
}
