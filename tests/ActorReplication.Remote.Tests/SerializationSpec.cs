using System.Buffers;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.Remote.Serialization;
using ActorReplication.Remote.Tests.Messages;
using ActorReplication.TestKit.MultiNode;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorReplication.Remote.Tests;

public sealed class SerializationSpec : IDisposable
{
    private readonly MultiNodeHarness _harness;
    private readonly TestNode _a;
    private readonly SerializerRegistry _registry;

    public SerializationSpec(ITestOutputHelper output)
    {
        _harness = new MultiNodeHarness(output: output);
        _a = _harness.StartNode("node1");
        _registry = _a.Transport.Serialization;
    }

    public void Dispose() => _harness.Dispose();

    private sealed record NotSerializable(string Text);

    private sealed record LocalOnly(string Text) : INoSerializationVerificationNeeded;

    private object RoundTrip(object message)
    {
        var serializer = _registry.FindSerializerFor(message);
        return _registry.Deserialize(serializer.ToBinary(message), serializer.Identifier, serializer.Manifest(message));
    }

    [Fact]
    public void A_message_without_a_serializer_must_fail_loudly_on_a_local_tell_with_serialize_messages_on()
    {
        Assert.True(_a.System.Settings.SerializeMessages);
        var echo = _a.System.ActorOf(Props.Create(() => new Echo()));
        var ex = Assert.Throws<SerializationCheckException>(() => echo.Tell(new NotSerializable("x"), _a.TestActor));
        Assert.Contains(typeof(NotSerializable).FullName!, ex.Message);

        // Exempt: marked local-only, the runtime's own in-process messages, system and auto-received messages.
        echo.Tell(new LocalOnly("fine"), _a.TestActor);
        _a.ExpectMsg<LocalOnly>();
        _a.System.EventStream.Subscribe<UnhandledMessage>(_a.TestActor);
        _a.System.EventStream.Publish(new UnhandledMessage("x", null, echo));
        _a.ExpectMsg<UnhandledMessage>();
        echo.Tell(new Identify(1), _a.TestActor);
        _a.ExpectMsg<ActorIdentity>();
    }

    [Fact]
    public void A_message_without_a_serializer_must_fail_loudly_on_a_remote_tell_with_serialize_messages_on()
    {
        var b = _harness.StartNode("node2");
        var remote = _a.System.ResolveActorRef($"{b.Address}/user/anyone");
        Assert.Throws<SerializationCheckException>(() => remote.Tell(new NotSerializable("x"), null));
    }

    [Fact]
    public void Without_serialize_messages_an_unserializable_message_must_be_dropped_with_a_logged_error()
    {
        var quiet = _harness.StartNode("quiet", HoconFiles.ParseString("actor.serialize-messages = off"));
        var b = _harness.StartNode("node2");
        b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var logs = quiet.CreateTestProbe();
        quiet.System.EventStream.Subscribe<LogEvent>(logs.Ref);
        var echo = quiet.Resolve(b, "/user/echo");

        echo.Tell(new NotSerializable("lost"), quiet.TestActor);
        echo.Tell("after", quiet.TestActor);
        logs.FishForMessage<LogEvent>(e => e.Level == LogLevel.Error && e.Message.Contains("no serializer"));
        quiet.ExpectMsg("after");
    }

    [Fact]
    public void The_runtime_messages_must_round_trip()
    {
        var echo = _a.System.ActorOf(Props.Create(() => new Echo()), "echo");
        Assert.Equal(new Identify("id"), RoundTrip(new Identify("id")));
        Assert.Equal(new Identify(null), RoundTrip(new Identify(null)));
        var identity = (ActorIdentity)RoundTrip(new ActorIdentity(42L, echo));
        Assert.Equal(42L, identity.MessageId);
        Assert.Same(echo, identity.Subject);
        Assert.Null(((ActorIdentity)RoundTrip(new ActorIdentity(null, null))).Subject);
        Assert.Same(PoisonPill.Instance, RoundTrip(PoisonPill.Instance));
        Assert.Same(Kill.Instance, RoundTrip(Kill.Instance));
        Assert.Equal(new Status.Success("ok"), RoundTrip(new Status.Success("ok")));
        Assert.Equal(new Status.Success(null), RoundTrip(new Status.Success(null)));

        var failure = (Status.Failure)RoundTrip(new Status.Failure(new ArgumentException("bad", new TimeoutException("slow"))));
        var cause = Assert.IsType<ArgumentException>(failure.Cause);
        Assert.Equal("bad", cause.Message);
        Assert.IsType<TimeoutException>(cause.InnerException);

        var custom = (Status.Failure)RoundTrip(new Status.Failure(new NoStringConstructorException()));
        var stand_in = Assert.IsType<RemoteException>(custom.Cause);
        Assert.Contains(nameof(NoStringConstructorException), stand_in.OriginalType);
    }

    [Fact]
    public void Primitives_and_protobuf_messages_must_round_trip()
    {
        Assert.Equal("héllo", RoundTrip("héllo"));
        Assert.Equal(-7, RoundTrip(-7));
        Assert.Equal(long.MaxValue, RoundTrip(long.MaxValue));
        Assert.Equal(true, RoundTrip(true));
        Assert.Equal(new byte[] { 1, 2, 3 }, RoundTrip(new byte[] { 1, 2, 3 }));
        Assert.Equal(new Greeting { Text = "pb" }, RoundTrip(new Greeting { Text = "pb" }));
        Assert.Equal(ProtobufSerializer.Id, _registry.FindSerializerFor(new Greeting()).Identifier);
        Assert.Equal("ActorReplication.Remote.Tests.Messages.Greeting, ActorReplication.Remote.Tests", _registry.FindSerializerFor(new Greeting()).Manifest(new Greeting()));
    }

    [Fact]
    public void The_protobuf_serializer_must_refuse_manifests_naming_other_types()
    {
        var protobuf = _registry.GetSerializerById(ProtobufSerializer.Id);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => protobuf.FromBinary([], "System.String, System.Private.CoreLib"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => protobuf.FromBinary([], "No.Such.Type, Nowhere"));
    }

    [Fact]
    public void Registration_must_bind_types_and_guard_ids()
    {
        var serializer = new RecordSerializer();
        _registry.Register<Base>(serializer);
        Assert.Same(serializer, _registry.FindSerializerFor(new Derived("d")));
        Assert.Equal(new Derived("d"), RoundTrip(new Derived("d")));
        _registry.AddSerializer(serializer);
        Assert.Throws<ArgumentException>(() => _registry.AddSerializer(new RecordSerializer()));
        Assert.Throws<ArgumentException>(() => _registry.AddSerializer(new ReservedIdSerializer()));
        Assert.Throws<ArgumentException>(() => _registry.Bind<string>(999));
        Assert.False(_registry.TryFindSerializerFor(typeof(NotSerializable), out _));
    }

    private abstract record Base;

    private sealed record Derived(string Name) : Base;

    private sealed class RecordSerializer : Serializer
    {
        public override int Identifier => 120;

        public override string Manifest(object message) => "d";

        public override void ToBinary(object message, IBufferWriter<byte> output) => output.Write(System.Text.Encoding.UTF8.GetBytes(((Derived)message).Name));

        public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest) => new Derived(System.Text.Encoding.UTF8.GetString(bytes));
    }

    private sealed class ReservedIdSerializer : Serializer
    {
        public override int Identifier => 5;

        public override string Manifest(object message) => "";

        public override void ToBinary(object message, IBufferWriter<byte> output) { }

        public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest) => new object();
    }

    private sealed class NoStringConstructorException() : Exception("custom failure");
}
