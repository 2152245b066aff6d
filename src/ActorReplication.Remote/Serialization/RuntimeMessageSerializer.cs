using System.Buffers;
using System.Reflection;
using ActorReplication.Actors;
using ActorReplication.Remote.Protocol;
using Google.Protobuf;

namespace ActorReplication.Remote.Serialization;

/// <summary>
/// Serializer id 1: the runtime's own messages that may cross nodes — <see cref="Identify"/>, <see cref="ActorIdentity"/>,
/// <see cref="PoisonPill"/>, <see cref="Kill"/>, <see cref="Status.Success"/> and <see cref="Status.Failure"/> — as the
/// Protobuf messages of <c>Protocol/messages.proto</c>. The manifest names the message; manifests are wire format.
/// </summary>
public sealed class RuntimeMessageSerializer(SerializerRegistry registry) : Serializer
{
    public const int Id = 1;

    public static readonly Type[] SupportedTypes =
        [typeof(Identify), typeof(ActorIdentity), typeof(PoisonPill), typeof(Kill), typeof(Status.Success), typeof(Status.Failure)];

    public override int Identifier => Id;

    public override string Manifest(object message) => message switch
    {
        Identify => "Identify",
        ActorIdentity => "ActorIdentity",
        PoisonPill => "PoisonPill",
        Kill => "Kill",
        Status.Success => "Success",
        Status.Failure => "Failure",
        _ => throw Unsupported(message.GetType().FullName),
    };

    public override void ToBinary(object message, IBufferWriter<byte> output)
    {
        IMessage? data = message switch
        {
            Identify identify => new IdentifyData { MessageId = ToPayload(identify.MessageId) },
            ActorIdentity identity => new ActorIdentityData
            {
                MessageId = ToPayload(identity.MessageId),
                Subject = identity.Subject is null ? "" : registry.ToSerializedPath(identity.Subject),
            },
            PoisonPill or Kill => null,
            Status.Success success => new StatusSuccessData { Value = ToPayload(success.Value) },
            Status.Failure failure => new StatusFailureData { Cause = ToExceptionData(failure.Cause) },
            _ => throw Unsupported(message.GetType().FullName),
        };
        if (data is null) return;
        var size = data.CalculateSize();
        data.WriteTo(output.GetSpan(size)[..size]);
        output.Advance(size);
    }

    public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest)
    {
        switch (manifest)
        {
            case "Identify":
                return new Identify(FromPayload(IdentifyData.Parser.ParseFrom(bytes).MessageId));
            case "ActorIdentity":
                var identity = ActorIdentityData.Parser.ParseFrom(bytes);
                var subject = identity.Subject.Length == 0 ? null : registry.ResolveActorRef(identity.Subject);
                return new ActorIdentity(FromPayload(identity.MessageId), subject);
            case "PoisonPill":
                return PoisonPill.Instance;
            case "Kill":
                return Kill.Instance;
            case "Success":
                return new Status.Success(FromPayload(StatusSuccessData.Parser.ParseFrom(bytes).Value));
            case "Failure":
                return new Status.Failure(FromExceptionData(StatusFailureData.Parser.ParseFrom(bytes).Cause));
            default:
                throw Unsupported("manifest " + manifest);
        }
    }

    private Payload? ToPayload(object? value)
    {
        if (value is null) return null;
        var serializer = registry.FindSerializerFor(value);
        return new Payload
        {
            SerializerId = serializer.Identifier,
            Manifest = serializer.Manifest(value),
            Message = UnsafeByteOperations.UnsafeWrap(serializer.ToBinary(value)),
        };
    }

    private object? FromPayload(Payload? payload) =>
        payload is null ? null : registry.Deserialize(payload.Message.Span, payload.SerializerId, payload.Manifest);

    internal static ExceptionData ToExceptionData(Exception exception)
    {
        var data = new ExceptionData
        {
            TypeName = exception is RemoteException remote ? remote.OriginalType : TypeName(exception.GetType()),
            Message = exception.Message,
            StackTrace = (exception is RemoteException r ? r.RemoteStackTrace : exception.StackTrace) ?? "",
        };
        if (exception.InnerException is { } inner) data.Inner = ToExceptionData(inner);
        return data;
    }

    /// <summary>Rebuilds the original exception type when it is an Exception with a public (string[, Exception]) constructor.</summary>
    internal static Exception FromExceptionData(ExceptionData? data)
    {
        if (data is null) return new RemoteException("unknown", "Status.Failure without a cause", null);
        var inner = data.Inner is null ? null : FromExceptionData(data.Inner);
        var type = Type.GetType(data.TypeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        {
            try
            {
                if (inner is not null && type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string), typeof(Exception)]) is { } withInner)
                    return (Exception)withInner.Invoke([data.Message, inner]);
                if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]) is { } withMessage)
                    return (Exception)withMessage.Invoke([data.Message]);
            }
            catch (TargetInvocationException)
            {
                // Fall through to the stand-in.
            }
        }
        return new RemoteException(data.TypeName, data.Message, data.StackTrace, inner);
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static System.Runtime.Serialization.SerializationException Unsupported(string? what) =>
        new($"RuntimeMessageSerializer does not handle {what}");
}
