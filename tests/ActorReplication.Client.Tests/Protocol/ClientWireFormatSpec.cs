using ActorReplication.Client.Protocol;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace ActorReplication.Client.Tests.Protocol;

/// <summary>The gateway protocol is wire format: serializer id, manifests and field numbers never change meaning.</summary>
public sealed class ClientWireFormatSpec : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("wire", ClientSerialization.Config);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Fact]
    public void Serializer_id_and_manifests_must_be_pinned()
    {
        Assert.Equal(120, ClientMessageSerializer.Id);
        Assert.Equal(new Dictionary<Type, string>
        {
            [typeof(CommandRequest)] = "cmd",
            [typeof(CommandReply)] = "cmdr",
            [typeof(TopologyRequest)] = "topo",
            [typeof(TopologyReply)] = "topor",
            [typeof(WaitOffsetRequest)] = "wait",
            [typeof(WaitOffsetReply)] = "waitr",
            [typeof(GatewayError)] = "err",
            [typeof(CommandBatchRequest)] = "batch",
            [typeof(CommandBatchReply)] = "batchr",
        }, ClientMessageSerializer.Manifests);
    }

    [Fact]
    public void Field_numbers_must_be_pinned()
    {
        Assert.Equal(1, CommandRequest.ArgsFieldNumber);
        Assert.Equal(2, CommandRequest.WantOffsetFieldNumber);
        Assert.Equal(3, CommandRequest.MinOffsetFieldNumber);
        Assert.Equal(4, CommandRequest.ReplIdFieldNumber);
        Assert.Equal(5, CommandRequest.WaitMsFieldNumber);
        Assert.Equal(1, CommandReply.RespFieldNumber);
        Assert.Equal(4, CommandReply.OffsetNotReachedFieldNumber);
        Assert.Equal(10, TopologyReply.MembersFieldNumber);
        Assert.Equal(11, TopologyReply.FencedBecauseFieldNumber);
        Assert.Equal(12, TopologyReply.EpochFieldNumber);
        Assert.Equal(3, WaitOffsetRequest.TimeoutMsFieldNumber);
        Assert.Equal(1, GatewayError.MessageFieldNumber);
        Assert.Equal(2, GatewayError.VersionFieldNumber);
        Assert.Equal(1, TopologyRequest.VersionFieldNumber);
        Assert.Equal(13, TopologyReply.VersionFieldNumber);
        Assert.Equal(6, CommandRequest.MaxLagSecondsFieldNumber);
        Assert.Equal(5, CommandReply.LagExceededFieldNumber);
        Assert.Equal(1, CommandBatchRequest.CommandsFieldNumber);
        Assert.Equal(6, CommandBatchRequest.MaxLagSecondsFieldNumber);
        Assert.Equal(1, CommandBatchReply.RespFieldNumber);
        Assert.Equal(5, CommandBatchReply.LagExceededFieldNumber);
        Assert.Equal(1, ProtocolVersion.MajorFieldNumber);
        Assert.Equal(2, ProtocolVersion.MinorFieldNumber);
    }

    public static TheoryData<IMessage> Messages() =>
    [
        new CommandRequest { Args = { ByteString.CopyFromUtf8("SET"), ByteString.CopyFromUtf8("k"), ByteString.CopyFrom(0, 255) }, WantOffset = true },
        new CommandRequest { Args = { ByteString.CopyFromUtf8("GET") }, MinOffset = 42, ReplId = "abc", WaitMs = 100 },
        new CommandReply { Resp = ByteString.CopyFromUtf8("+OK\r\n"), Offset = 7, ReplId = "abc" },
        new CommandReply { OffsetNotReached = true },
        new CommandReply { LagExceeded = true, Offset = 3 },
        new CommandBatchRequest
        {
            Commands = { new CommandRequest { Args = { ByteString.CopyFromUtf8("GET"), ByteString.CopyFromUtf8("k") } } },
            MinOffset = 5, ReplId = "abc", WaitMs = 10, MaxLagSeconds = 2, WantOffset = true,
        },
        new CommandBatchReply { Resp = ByteString.CopyFromUtf8("+OK\r\n:1\r\n"), Offset = 9, ReplId = "abc" },
        new TopologyRequest(),
        new TopologyRequest { Version = new ProtocolVersion { Major = 1, Minor = 1 } },
        new GatewayError { Message = "ERR versions", Version = new ProtocolVersion { Major = 2, Minor = 0 } },
        new TopologyReply
        {
            Address = "akka.tcp://node@127.0.0.1:16379", RespEndpoint = "127.0.0.1:6379", IsReplica = true, Offset = 9, ReplId = "a", ReplId2 = "b",
            MasterHost = "127.0.0.1", MasterPort = 6380, MasterLinkUp = true, FencedBecause = "minority", Epoch = 3,
            Members = { new MemberInfo { Address = "akka.tcp://node@127.0.0.1:16380", RespEndpoint = "127.0.0.1:6380", Status = "Up", Reachable = true } },
        },
        new WaitOffsetRequest { Offset = 5, ReplId = "a", TimeoutMs = 10 },
        new WaitOffsetReply { Reached = true, Offset = 5, ReplId = "a" },
        new GatewayError { Message = "ERR nope" },
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_must_round_trip_through_the_serializer(IMessage message)
    {
        var serializer = Assert.IsType<ClientMessageSerializer>(_system.Serialization.FindSerializerFor(message));
        Assert.Equal(ClientMessageSerializer.Id, serializer.Identifier);
        var bytes = serializer.ToBinary(message);

        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, Serialization.ManifestFor(serializer, message));

        Assert.Equal(message, back);
    }

    [Fact]
    public void A_foreign_type_or_manifest_must_be_refused_by_name()
    {
        var serializer = new ClientMessageSerializer((ExtendedActorSystem)_system);

        Assert.Contains("String", Assert.Throws<NotSupportedException>(() => serializer.Manifest("hello")).Message);
        Assert.Contains("nope", Assert.Throws<NotSupportedException>(() => serializer.FromBinary([], "nope")).Message);
    }
}
