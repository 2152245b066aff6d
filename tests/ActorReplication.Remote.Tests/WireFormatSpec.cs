using System.Buffers;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Serialization;
using ActorReplication.Remote.Transport;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorReplication.Remote.Tests;

/// <summary>Pins the wire format: frame types, Protobuf field numbers and enum values, serializer ids and manifests are append-only.</summary>
public sealed class WireFormatSpec
{
    public static TheoryData<MessageDescriptor, string> Fields => new()
    {
        { Handshake.Descriptor, "system_name=1 origin_address=2 uid=3 protocol_version=4 secret_proof=5 target_address=6" },
        { HandshakeAck.Descriptor, "address=1 uid=2 protocol_version=3" },
        { HandshakeReject.Descriptor, "reason=1 detail=2 protocol_version=3" },
        { Heartbeat.Descriptor, "sequence=1" },
        { Disassociate.Descriptor, "reason=1 detail=2" },
        { RemoteEnvelope.Descriptor, "recipient=1 sender=2 serializer_id=3 manifest=4 message=5" },
        { SelectionEnvelope.Descriptor, "elements=1 sender=2 serializer_id=3 manifest=4 message=5" },
        { SystemEnvelope.Descriptor, "watch=1 unwatch=2 death_watch_notification=3 terminate=4" },
        { Watch.Descriptor, "watchee=1 watcher=2" },
        { Unwatch.Descriptor, "watchee=1 watcher=2" },
        { DeathWatchNotification.Descriptor, "actor=1 watcher=2 existence_confirmed=3 address_terminated=4" },
        { Terminate.Descriptor, "actor=1" },
        { Payload.Descriptor, "serializer_id=1 manifest=2 message=3" },
        { IdentifyData.Descriptor, "message_id=1" },
        { ActorIdentityData.Descriptor, "message_id=1 subject=2" },
        { StatusSuccessData.Descriptor, "value=1" },
        { StatusFailureData.Descriptor, "cause=1" },
        { ExceptionData.Descriptor, "type_name=1 message=2 stack_trace=3 inner=4" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Protobuf_field_numbers_must_never_change(MessageDescriptor descriptor, string expected)
    {
        var actual = string.Join(' ', descriptor.Fields.InFieldNumberOrder().Select(f => $"{f.Name}={f.FieldNumber}"));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Enum_values_must_never_change()
    {
        Assert.Equal(
            "REJECT_REASON_UNSPECIFIED=0 REJECT_REASON_WRONG_SECRET=1 REJECT_REASON_VERSION_MISMATCH=2 REJECT_REASON_WRONG_SYSTEM=3 " +
            "REJECT_REASON_QUARANTINED=4 REJECT_REASON_DUPLICATE=5 REJECT_REASON_SHUTTING_DOWN=6",
            Describe(WireReflection.Descriptor.FindTypeByName<EnumDescriptor>("RejectReason")));
        Assert.Equal("DISASSOCIATE_REASON_UNSPECIFIED=0 DISASSOCIATE_REASON_SHUTDOWN=1 DISASSOCIATE_REASON_QUARANTINED=2",
            Describe(WireReflection.Descriptor.FindTypeByName<EnumDescriptor>("DisassociateReason")));
    }

    [Fact]
    public void Frame_types_serializer_ids_and_manifests_must_never_change()
    {
        Assert.Equal("Handshake=1 HandshakeAck=2 HandshakeReject=3 Heartbeat=4 Envelope=5 Selection=6 System=7 Disassociate=8",
            string.Join(' ', Enum.GetValues<FrameType>().Select(t => $"{t}={(byte)t}")));
        Assert.Equal((1, 2, 3), (RuntimeMessageSerializer.Id, ProtobufSerializer.Id, PrimitiveSerializer.Id));
        Assert.Equal(1u, RemoteTransport.ProtocolVersion);
        var primitive = new PrimitiveSerializer();
        Assert.Equal("s i l z b", string.Join(' ', new object[] { "", 1, 1L, true, Array.Empty<byte>() }.Select(primitive.Manifest)));
    }

    [Fact]
    public void Every_valid_frame_must_decode_when_split_at_any_byte()
    {
        var frames = new List<byte[]>
        {
            FrameCodec.ToArray(FrameType.Heartbeat, new Heartbeat { Sequence = 7 }),
            FrameCodec.ToArray(FrameType.Envelope, new RemoteEnvelope { Recipient = "ar.tcp://a@h:1/user/x#5", SerializerId = 3, Manifest = "s", Message = ByteString.CopyFromUtf8("hi") }),
            FrameCodec.ToArray(FrameType.Heartbeat, new Heartbeat()),
        };
        var stream = frames.SelectMany(f => f).ToArray();
        for (var split = 0; split <= stream.Length; split++)
        {
            var decoded = Decode(stream[..split], stream[split..]);
            Assert.Equal(new[] { FrameType.Heartbeat, FrameType.Envelope, FrameType.Heartbeat }, decoded.Select(d => d.Type));
            Assert.Equal("hi", RemoteEnvelope.Parser.ParseFrom(decoded[1].Payload).Message.ToStringUtf8());
            Assert.Empty(decoded[2].Payload);
        }
    }

    [Fact]
    public void A_header_announcing_too_much_or_nothing_must_fail_before_the_bytes_arrive()
    {
        var huge = new ReadOnlySequence<byte>([0x7F, 0xFF, 0xFF, 0xFF, 5]);
        Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref huge, 1024, out _, out _));
        var empty = new ReadOnlySequence<byte>([0, 0, 0, 0, 5]);
        Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref empty, 1024, out _, out _));
        var exact = new ReadOnlySequence<byte>([0, 0, 4, 1, 5]);
        Assert.False(FrameCodec.TryRead(ref exact, 1024, out _, out _));
    }

    [Fact]
    public void The_hand_written_envelope_decoder_must_agree_with_the_generated_parser()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var envelope = new RemoteEnvelope
            {
                Recipient = random.Next(4) == 0 ? "" : "ar.tcp://sys@127.0.0.1:2552/user/é" + random.Next(),
                Sender = random.Next(3) == 0 ? "" : "ar.tcp://other@10.0.0.1:1/temp/$" + random.Next(),
                SerializerId = random.Next(3) == 0 ? -random.Next() : random.Next(),
                Manifest = random.Next(2) == 0 ? "" : "m" + random.Next(),
                Message = ByteString.CopyFrom(Enumerable.Range(0, random.Next(300)).Select(_ => (byte)random.Next(256)).ToArray()),
            };
            var bytes = envelope.ToByteArray();
            // Unknown fields (a newer sender) and repeated fields (last one wins) are fine too.
            if (i % 5 == 0) bytes = [.. bytes, 0x30, 0x05, 0x3A, 0x01, 0x00];
            if (i % 7 == 0) bytes = [.. bytes, 0x18, 0x09];
            var expected = RemoteEnvelope.Parser.ParseFrom(bytes);
            var decoded = EnvelopeDecoder.Decode(bytes);
            Assert.Equal(expected.Recipient, System.Text.Encoding.UTF8.GetString(decoded.Recipient));
            Assert.Equal(expected.Sender, System.Text.Encoding.UTF8.GetString(decoded.Sender));
            Assert.Equal(expected.SerializerId, decoded.SerializerId);
            Assert.Equal(expected.Manifest, System.Text.Encoding.UTF8.GetString(decoded.Manifest));
            Assert.True(expected.Message.Span.SequenceEqual(decoded.Message));
        }
        Assert.Throws<ProtocolException>(() => EnvelopeDecoder.Decode([0x0A, 0x05, 0x41]));
        Assert.Throws<ProtocolException>(() => EnvelopeDecoder.Decode([0x0B]));
        Assert.Throws<ProtocolException>(() => EnvelopeDecoder.Decode([0x18, 0xFF]));
    }

    /// <summary>Feeds the two parts as two segments of one sequence, then as two reads.</summary>
    private static List<(FrameType Type, byte[] Payload)> Decode(byte[] first, byte[] second)
    {
        var result = new List<(FrameType, byte[])>();
        var pending = new List<byte>();
        foreach (var part in new[] { first, second })
        {
            pending.AddRange(part);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            while (FrameCodec.TryRead(ref buffer, 1 << 20, out var type, out var payload)) result.Add((type, payload.ToArray()));
            pending = [.. buffer.ToArray()];
        }
        Assert.Empty(pending);
        return result;
    }

    private static string Describe(EnumDescriptor descriptor) => string.Join(' ', descriptor.Values.Select(v => $"{v.Name}={v.Number}"));
}
