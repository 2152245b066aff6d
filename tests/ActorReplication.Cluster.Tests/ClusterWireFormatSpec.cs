using System.Text;
using ActorReplication.Cluster.Remoting;
using Google.Protobuf.Reflection;
using Wire = ActorReplication.Cluster.Protocol;

namespace ActorReplication.Cluster.Tests;

/// <summary>
/// Pins the cluster wire format: serializer id, manifests, every Protobuf message with its field numbers and types, and
/// every enum value. Nodes of different versions must understand each other, so all of it is append-only: a failure
/// here means an existing number, name or type changed. To extend the format, add fields (new numbers) and append
/// them to the pin below.
/// </summary>
public sealed class ClusterWireFormatSpec
{
    private const string Pinned = """
        enum MemberStatus: MEMBER_STATUS_JOINING=0 MEMBER_STATUS_WEAKLY_UP=1 MEMBER_STATUS_UP=2 MEMBER_STATUS_LEAVING=3 MEMBER_STATUS_EXITING=4 MEMBER_STATUS_DOWN=5 MEMBER_STATUS_REMOVED=6
        enum ReachabilityStatus: REACHABILITY_STATUS_REACHABLE=0 REACHABILITY_STATUS_UNREACHABLE=1 REACHABILITY_STATUS_TERMINATED=2
        message Address: protocol=1:String system=2:String host=3:String port=4:UInt32
        message UniqueAddress: address=1:Message(Address) uid=2:Int64
        message Member: node=1:Message(UniqueAddress) status=2:Enum(MemberStatus) roles=3:String[] up_number=4:Int32 resp_endpoint=5:String
        message VectorClock: entries=1:Message(Entry)[]
        message VectorClock.Entry: node=1:String counter=2:Int64
        message ReachabilityRecord: observer=1:Message(UniqueAddress) subject=2:Message(UniqueAddress) status=3:Enum(ReachabilityStatus) version=4:Int64
        message ObserverVersion: observer=1:Message(UniqueAddress) version=2:Int64
        message Reachability: records=1:Message(ReachabilityRecord)[] versions=2:Message(ObserverVersion)[]
        message SeenVersion: node=1:Message(UniqueAddress) version=2:Message(VectorClock)
        message Tombstone: node=1:Message(UniqueAddress) removed_at_unix_ms=2:Int64
        message Gossip: members=1:Message(Member)[] seen=2:Message(SeenVersion)[] reachability=3:Message(Reachability) version=4:Message(VectorClock) tombstones=5:Message(Tombstone)[]
        message InitJoin: from=1:Message(UniqueAddress)
        message InitJoinAck: from=1:Message(UniqueAddress)
        message InitJoinNack: from=1:Message(UniqueAddress)
        message Join: from=1:Message(UniqueAddress) roles=2:String[] resp_endpoint=3:String
        message Welcome: from=1:Message(UniqueAddress) to=2:Message(UniqueAddress) gossip=3:Message(Gossip)
        message GossipEnvelope: from=1:Message(UniqueAddress) to=2:Message(UniqueAddress) gossip=3:Message(Gossip)
        message GossipStatus: from=1:Message(UniqueAddress) to=2:Message(UniqueAddress) version=3:Message(VectorClock)
        message Heartbeat: from=1:Message(UniqueAddress) sequence_nr=2:Int64
        message HeartbeatRsp: from=1:Message(UniqueAddress) sequence_nr=2:Int64
        """;

    [Fact]
    public void Messages_fields_and_enum_values_must_be_as_pinned()
    {
        var file = Wire.ClusterReflection.Descriptor;
        var text = new StringBuilder();
        foreach (var e in file.EnumTypes)
            text.Append($"enum {e.Name}: ").AppendJoin(' ', e.Values.Select(v => $"{v.Name}={v.Number}")).Append('\n');
        foreach (var m in file.MessageTypes) Render(m, m.Name, text);
        Assert.Equal(Pinned.ReplaceLineEndings("\n").Trim(), text.ToString().Trim());
    }

    private static void Render(MessageDescriptor m, string name, StringBuilder text)
    {
        text.Append($"message {name}: ").AppendJoin(' ', m.Fields.InFieldNumberOrder().Select(f =>
        {
            var type = f.FieldType switch
            {
                FieldType.Message => $"Message({f.MessageType.Name})",
                FieldType.Enum => $"Enum({f.EnumType.Name})",
                _ => f.FieldType.ToString(),
            };
            return $"{f.Name}={f.FieldNumber}:{type}{(f.IsRepeated ? "[]" : "")}";
        })).Append('\n');
        foreach (var nested in m.NestedTypes) Render(nested, $"{name}.{nested.Name}", text);
    }

    [Fact]
    public void Serializer_id_and_manifests_must_be_as_pinned()
    {
        Assert.Equal(110, ClusterMessageSerializer.Id);
        Assert.Equal(
            "GossipEnvelope=GE GossipStatus=GS Heartbeat=HB HeartbeatRsp=HBR InitJoin=IJ InitJoinAck=IJA InitJoinNack=IJN Join=J Welcome=W",
            string.Join(' ', ClusterMessageSerializer.Manifests.Select(kv => $"{kv.Key.Name}={kv.Value}").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Model_enums_must_match_the_wire_enums()
    {
        Assert.Equal(Enum.GetValues<MemberStatus>().Select(v => (int)v), Enum.GetValues<Wire.MemberStatus>().Select(v => (int)v));
        Assert.Equal(Enum.GetValues<ReachabilityStatus>().Select(v => (int)v), Enum.GetValues<Wire.ReachabilityStatus>().Select(v => (int)v));
    }
}
