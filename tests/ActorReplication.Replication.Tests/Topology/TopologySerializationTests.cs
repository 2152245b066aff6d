using Akka.Actor;
using System.Runtime.Serialization;
using ActorReplication.Replication.Protocol;
using ActorReplication.Replication.Topology;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using static ActorReplication.Replication.Topology.TopologyProtocol;

namespace ActorReplication.Replication.Tests.Topology;

/// <summary>
/// The topology wire format (serializer 130, topology.proto): pinned, round-tripping through Akka's Serialization
/// extension as remoting does, strict.
/// </summary>
public sealed class TopologySerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("topology-serialization", TopologyMessageSerializer.Config);

    private TopologyMessageSerializer NewSerializer() => new((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Fact]
    public void The_serializer_id_manifests_fields_and_role_values_are_pinned()
    {
        Assert.Equal(130, TopologyMessageSerializer.Id);
        Assert.Equal(130, NewSerializer().Identifier);
        foreach (var type in TopologyMessageSerializer.Manifests.Keys)
            Assert.Equal(130, _system.Serialization.FindSerializerForType(type).Identifier);
        Assert.Equal("StateUpdate=ts Promote=tp", string.Join(' ', TopologyMessageSerializer.Manifests.Select(kv => $"{kv.Key.Name}={kv.Value}")));
        Assert.Equal(
            "address=1 uid=2 group=3 role=4 repl_id=5 offset=6 epoch=7 priority=8 resp_endpoint=9 run_id=10 following=11 fenced=12 initial_master=13 auto_failover=14",
            Fields(NodeTopologyStateData.Descriptor));
        Assert.Equal("group=1 epoch=2 run_id=3 reason=4", Fields(PromoteData.Descriptor));
        Assert.Equal(
            "Pending=0 Master=1 Replica=2",
            string.Join(' ', Enum.GetValues<TopologyRole>().Select(r => $"{r}={(int)r}")));
        Assert.Equal("PENDING=0 MASTER=1 REPLICA=2", string.Join(' ', TopologyReflection.Descriptor.EnumTypes[0].Values.Select(v => $"{v.Name}={v.Number}")));
    }

    [Fact]
    public void Every_message_round_trips()
    {
        var serialization = _system.Serialization;
        Prop.ForAll(Messages().ToArbitrary(), message =>
        {
            var serializer = serialization.FindSerializerFor(message);
            var back = serialization.Deserialize(serialization.Serialize(message), serializer.Identifier,
                Akka.Serialization.Serialization.ManifestFor(serializer, message));
            return serializer.Identifier == 130 && back.Equals(message);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("ts", "")]
    [InlineData("tp", "")]
    [InlineData("nope", "")]
    [InlineData("ts", "0a0361626312")] // address "abc", then a truncated field
    public void Malformed_or_incomplete_messages_are_refused(string manifest, string hex)
    {
        Assert.Throws<SerializationException>(() => NewSerializer().FromBinary(Convert.FromHexString(hex), manifest));
    }

    [Fact]
    public void An_unknown_role_is_refused()
    {
        var data = new NodeTopologyStateData { Address = "ar.tcp://node@127.0.0.1:1", Group = "g", Role = (TopologyRoleData)7 };
        var e = Assert.Throws<SerializationException>(() => NewSerializer().FromBinary(data.ToByteArray(), "ts"));
        Assert.Equal("topology state with unknown role 7", e.Message);
    }

    private static string Fields(MessageDescriptor d) => string.Join(' ', d.Fields.InFieldNumberOrder().Select(f => $"{f.Name}={f.FieldNumber}"));

    private static Gen<object> Messages()
    {
        var text = Gen.Elements("x", "caf\u00e9", "127.0.0.1:6379", "ar.tcp://node@127.0.0.1:16379");
        var nonNegative = Gen.Choose(0, int.MaxValue).Select(i => (long)i * 3);
        var state =
            from address in text from uid in Gen.Choose(int.MinValue, int.MaxValue) from grp in text
            from role in Gen.Elements(Enum.GetValues<TopologyRole>()) from replId in Gen.Elements("", "abc")
            from offset in nonNegative from epoch in nonNegative from priority in Gen.Choose(0, 1000)
            from resp in text from runId in text from following in Gen.Elements("", "127.0.0.1:6380")
            from flags in Gen.Choose(0, 7)
            select (object)new StateUpdate(new NodeTopologyState(address, uid * 7919L, grp, role, replId, offset, epoch, priority, resp, runId, following,
                (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
        var promote = from grp in text from epoch in Gen.Choose(1, int.MaxValue) from runId in text from reason in Gen.Elements("", "why")
            select (object)new Promote(grp, epoch, runId, reason);
        return Gen.OneOf(state, promote);
    }
}
