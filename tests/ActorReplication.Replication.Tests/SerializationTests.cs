using Akka.Actor;
using Akka.Configuration;
using ActorReplication.Replication.Protocol;
using ActorReplication.Replication.Serialization;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf.Reflection;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests;

/// <summary>
/// The replication messages on the wire: pinned field numbers, ids and manifests; every message round-trips through
/// Akka's Serialization extension (the binding in <see cref="ReplicationSerialization.Config"/>), as remoting does.
/// </summary>
public sealed class SerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization", ReplicationSerialization.Config);

    private ReplicationMessageSerializer NewSerializer() => new((ExtendedActorSystem)_system);

    /// <summary>The serializer Akka binds to the message's type, its manifest, and back through the extension.</summary>
    private object RoundTrip(object message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.Equal(110, serializer.Identifier);
        var bytes = _system.Serialization.Serialize(message);
        return _system.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<MessageDescriptor, string> Fields => new()
    {
        { ReplConfData.Descriptor, "replica_id=1 ip=2 port=3 capabilities=4 auth=5 epoch=6 priority=7" },
        { ReplConfErrorData.Descriptor, "message=1" },
        { PsyncData.Descriptor, "repl_id=1 offset=2 replica_id=3" },
        { FullResyncData.Descriptor, "repl_id=1 offset=2" },
        { ContinueData.Descriptor, "repl_id=1" },
        { SnapshotChunkData.Descriptor, "seq=1 bytes=2" },
        { SnapshotEndData.Descriptor, "chunks=1 bytes=2" },
        { CreditData.Descriptor, "chunks=1" },
        { StreamDataData.Descriptor, "offset=1 bytes=2" },
        { AckData.Descriptor, "offset=1" },
        { LinkClosedData.Descriptor, "reason=1" },
        { FailoverPromoteData.Descriptor, "repl_id=1" },
        { FailoverRefusedData.Descriptor, "reason=1" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Protobuf_field_numbers_must_never_change(MessageDescriptor descriptor, string expected)
    {
        var actual = string.Join(' ', descriptor.Fields.InFieldNumberOrder().Select(f => $"{f.Name}={f.FieldNumber}"));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Serializer_id_and_manifests_must_never_change()
    {
        Assert.Equal(110, ReplicationMessageSerializer.Id);
        Assert.Equal(110, NewSerializer().Identifier);
        foreach (var type in ReplicationMessageSerializer.Manifests.Keys)
            Assert.Equal(110, _system.Serialization.FindSerializerForType(type).Identifier);
        var manifests = string.Join(' ', ReplicationMessageSerializer.Manifests.Select(kv => $"{kv.Key.Name}={kv.Value}"));
        Assert.Equal(
            "Ping=ping Pong=pong ReplConf=rc ReplConfOk=rcok ReplConfError=rcerr Psync=psync FullResync=full Continue=cont " +
            "SnapshotChunk=chunk SnapshotEnd=end Credit=credit StreamData=data Ack=ack GetAck=getack LinkClosed=closed " +
            "FailoverPromote=fpromote FailoverPromoted=fpromoted FailoverRefused=frefused",
            manifests);
    }

    [Fact]
    public void Every_message_record_of_the_protocol_has_a_manifest()
    {
        var records = typeof(ReplicationProtocol).GetNestedTypes().Where(t => t.IsClass && !t.IsAbstract).ToHashSet();
        Assert.Equal(records.OrderBy(t => t.Name), ReplicationMessageSerializer.Manifests.Keys.OrderBy(t => t.Name));
    }

    [Fact]
    public async Task Every_message_crosses_real_akka_remoting()
    {
        var remote = ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }")
            .WithFallback(ReplicationSerialization.Config);
        using var a = ActorSystem.Create("a", remote);
        using var b = ActorSystem.Create("b", remote);
        var echoOnB = b.ActorOf(Props.Create(() => new Echo()), "echo");
        var bAddress = ((ExtendedActorSystem)b).Provider.DefaultAddress;
        var echo = ((ExtendedActorSystem)a).Provider.ResolveActorRef(echoOnB.Path.ToStringWithAddress(bAddress));
        foreach (var type in ReplicationMessageSerializer.Manifests.Keys)
        {
            Assert.Equal(ReplicationMessageSerializer.Id, a.Serialization.FindSerializerFor(Sample(type)).Identifier);
            var back = await echo.Ask<object>(Sample(type), TimeSpan.FromSeconds(10));
            Assert.True(Same(Sample(type), back), $"{type.Name} came back as {back}");
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    [Fact]
    public void Every_message_round_trips()
    {
        Prop.ForAll(MessageGen().ToArbitrary(), message => Same(message, RoundTrip(message))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_large_stream_payload_round_trips_without_loss()
    {
        var payload = new byte[3 << 20];
        new Random(1).NextBytes(payload);
        var back = (StreamData)RoundTrip(new StreamData(long.MaxValue - 1, payload));
        Assert.Equal(long.MaxValue - 1, back.Offset);
        Assert.Equal(payload, back.Bytes);
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        Assert.Throws<NotSupportedException>(() => NewSerializer().FromBinary([], "nope"));
    }

    /// <summary>A message of <paramref name="type"/> with non-default values (the singleton for the field-less ones).</summary>
    private static object Sample(Type type) =>
        type.GetField("Instance")?.GetValue(null) ?? type.GetConstructors()[0].Invoke(
            type.GetConstructors()[0].GetParameters().Select(p => p.ParameterType == typeof(string) ? "x" + p.Name
                : p.ParameterType == typeof(string[]) ? new[] { "eof", "psync2" }
                : p.ParameterType == typeof(byte[]) ? new byte[] { 1, 2, 3 }
                : p.ParameterType == typeof(int) ? 42
                : (object)42L).ToArray());

    private static Gen<string> Text => Gen.Elements("", "?", "0000000000000000000000000000000000000000", "caf\u00e9 \u2603", "127.0.0.1", ReplId.New());

    private static Gen<long> Long => Gen.OneOf(Gen.Elements(0L, -1L, 1L, long.MaxValue, long.MinValue), Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i * 7919));

    private static Gen<int> Int => Gen.OneOf(Gen.Elements(0, -1, int.MaxValue, int.MinValue), Gen.Choose(-1000, 1000));

    private static Gen<byte[]> Bytes => Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    private static Gen<object> MessageGen() => Gen.OneOf(
        Gen.Constant<object>(Ping.Instance),
        Gen.Constant<object>(Pong.Instance),
        Gen.Constant<object>(ReplConfOk.Instance),
        Gen.Constant<object>(GetAck.Instance),
        from id in Text from ip in Text from port in Int from caps in Gen.ListOf(Text) from auth in Text from epoch in Long from priority in Int
        select (object)new ReplConf(id, ip, port, caps.ToArray(), auth, epoch, priority),
        Text.Select(t => (object)new ReplConfError(t)),
        from r in Text from o in Long from id in Text select (object)new Psync(r, o, id),
        from r in Text from o in Long select (object)new FullResync(r, o),
        Text.Select(t => (object)new Continue(t)),
        from s in Long from b in Bytes select (object)new SnapshotChunk(s, b),
        from c in Long from b in Long select (object)new SnapshotEnd(c, b),
        Int.Select(c => (object)new Credit(c)),
        from o in Long from b in Bytes select (object)new StreamData(o, b),
        Long.Select(o => (object)new Ack(o)),
        Text.Select(t => (object)new LinkClosed(t)),
        Gen.Constant<object>(FailoverPromoted.Instance),
        Text.Select(t => (object)new FailoverPromote(t)),
        Text.Select(t => (object)new FailoverRefused(t)));

    /// <summary>Record equality, but arrays by content.</summary>
    private static bool Same(object a, object b) => (a, b) switch
    {
        (ReplConf x, ReplConf y) => x.ReplicaId == y.ReplicaId && x.Ip == y.Ip && x.Port == y.Port && x.Auth == y.Auth && x.Epoch == y.Epoch && x.Priority == y.Priority && x.Capabilities.SequenceEqual(y.Capabilities),
        (SnapshotChunk x, SnapshotChunk y) => x.Seq == y.Seq && x.Bytes.AsSpan().SequenceEqual(y.Bytes),
        (StreamData x, StreamData y) => x.Offset == y.Offset && x.Bytes.AsSpan().SequenceEqual(y.Bytes),
        _ => a.Equals(b),
    };
}
