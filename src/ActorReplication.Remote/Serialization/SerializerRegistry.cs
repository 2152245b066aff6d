using System.Buffers;
using System.Collections.Concurrent;
using ActorReplication.Actors;
using Google.Protobuf;

namespace ActorReplication.Remote.Serialization;

/// <summary>
/// Maps message types to serializers and serializer ids to serializers, for one actor system. Built in:
/// runtime messages (<see cref="RuntimeMessageSerializer"/>, id 1), any Protobuf <see cref="IMessage"/>
/// (<see cref="ProtobufSerializer"/>, id 2) and primitives (<see cref="PrimitiveSerializer"/>, id 3). Register others
/// with <see cref="Register{T}"/> or <see cref="AddSerializer"/> + <see cref="Bind{T}"/>. A type without an exact
/// binding uses the binding of its nearest base class, then of an interface it implements.
/// </summary>
public sealed class SerializerRegistry
{
    /// <summary>Ids below this are the runtime's.</summary>
    public const int FirstUserSerializerId = 100;

    private readonly object _writeLock = new();
    private readonly IActorRefCodec _refs;
    private Dictionary<int, Serializer> _byId = new();
    private Dictionary<Type, Serializer> _bindings = new();
    private readonly ConcurrentDictionary<Type, Serializer?> _resolved = new();

    internal SerializerRegistry(IActorRefCodec refs)
    {
        _refs = refs;
        var runtime = new RuntimeMessageSerializer(this);
        var protobuf = new ProtobufSerializer();
        var primitive = new PrimitiveSerializer();
        AddCore(runtime);
        AddCore(protobuf);
        AddCore(primitive);
        foreach (var type in RuntimeMessageSerializer.SupportedTypes) _bindings[type] = runtime;
        foreach (var type in PrimitiveSerializer.SupportedTypes) _bindings[type] = primitive;
        _bindings[typeof(IMessage)] = protobuf;
    }

    /// <summary>Adds a serializer under its id (100 and up). Re-adding the same instance is a no-op.</summary>
    public SerializerRegistry AddSerializer(Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        if (serializer.Identifier < FirstUserSerializerId)
            throw new ArgumentException($"Serializer ids below {FirstUserSerializerId} are reserved for the runtime; {serializer} uses {serializer.Identifier}", nameof(serializer));
        lock (_writeLock)
        {
            if (_byId.TryGetValue(serializer.Identifier, out var existing))
            {
                if (ReferenceEquals(existing, serializer)) return this;
                throw new ArgumentException($"Serializer id {serializer.Identifier} is already taken by {existing}", nameof(serializer));
            }
            AddCore(serializer);
        }
        return this;
    }

    /// <summary>Messages of <paramref name="type"/> (and of types deriving from it, unless bound themselves) use serializer <paramref name="serializerId"/>.</summary>
    public SerializerRegistry Bind(Type type, int serializerId)
    {
        lock (_writeLock)
        {
            if (!_byId.TryGetValue(serializerId, out var serializer))
                throw new ArgumentException($"No serializer with id {serializerId} is registered", nameof(serializerId));
            _bindings = new Dictionary<Type, Serializer>(_bindings) { [type] = serializer };
            _resolved.Clear();
        }
        return this;
    }

    public SerializerRegistry Bind<T>(int serializerId) => Bind(typeof(T), serializerId);

    /// <summary>Adds <paramref name="serializer"/> (if new) and binds <typeparamref name="T"/> to it.</summary>
    public SerializerRegistry Register<T>(Serializer serializer) => AddSerializer(serializer).Bind(typeof(T), serializer.Identifier);

    /// <summary>
    /// Adds a <typeparamref name="TSerializer"/> under <paramref name="id"/> unless one is already there (a node and a client
    /// in one process register the same protocol), then binds <paramref name="types"/> to it. Idempotent; throws when the
    /// id is taken by another kind of serializer.
    /// </summary>
    public SerializerRegistry RegisterProtocol<TSerializer>(int id, Func<TSerializer> create, IEnumerable<Type> types) where TSerializer : Serializer
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(types);
        lock (_writeLock)
        {
            if (!_byId.TryGetValue(id, out var serializer)) AddSerializer(serializer = create());
            if (serializer is not TSerializer)
                throw new InvalidOperationException($"Serializer id {id} is taken by {serializer}");
            foreach (var type in types) Bind(type, id);
        }
        return this;
    }

    public Serializer GetSerializerById(int id) =>
        _byId.TryGetValue(id, out var serializer)
            ? serializer
            : throw new System.Runtime.Serialization.SerializationException($"No serializer with id {id} is registered on this node");

    public bool TryFindSerializerFor(Type type, out Serializer serializer)
    {
        serializer = _resolved.GetOrAdd(type, Lookup)!;
        return serializer is not null;
    }

    /// <summary>The serializer for <paramref name="message"/>, or a <see cref="System.Runtime.Serialization.SerializationException"/> naming its type.</summary>
    public Serializer FindSerializerFor(object message) =>
        TryFindSerializerFor(message.GetType(), out var serializer)
            ? serializer
            : throw new System.Runtime.Serialization.SerializationException(
                $"No serializer for messages of type {message.GetType().FullName}. Register one (RemoteTransport.Serialization.Register<T>), " +
                "make it a Protobuf message, or mark it INoSerializationVerificationNeeded if it never leaves the process.");

    public object Deserialize(ReadOnlySpan<byte> bytes, int serializerId, string manifest) =>
        GetSerializerById(serializerId).FromBinary(bytes, manifest);

    /// <summary>How a ref travels: its full path with the node's public address and the actor's uid (<c>...#uid</c>); "" for none.</summary>
    public string ToSerializedPath(IActorRef? actorRef) => _refs.ToSerializedPath(actorRef);

    /// <summary>A ref from a serialized path: a local ref for this node's paths, a remote ref for others, null for "".</summary>
    public IActorRef? ResolveActorRef(string serializedPath) => _refs.ResolveActorRef(serializedPath);

    /// <summary>
    /// The check behind <c>actor.serialize-messages = on</c>: the message must have a serializer and survive a round
    /// trip through it. Messages the runtime defines for in-process use only (dead letters, log events and the like)
    /// are exempt. Throws <see cref="SerializationCheckException"/>.
    /// </summary>
    public void Verify(object message)
    {
        var type = message.GetType();
        if (message is INoSerializationVerificationNeeded) return;
        if (!TryFindSerializerFor(type, out var serializer))
        {
            if (type.Assembly == typeof(ActorSystem).Assembly) return;
            throw new SerializationCheckException(
                $"Message of type {type.FullName} cannot be serialized: no serializer is bound to it (actor.serialize-messages = on). " +
                "Register a serializer (RemoteTransport.Serialization.Register<T>), make it a Protobuf message, " +
                "or mark it INoSerializationVerificationNeeded if it never leaves the process.");
        }
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            serializer.ToBinary(message, buffer);
            serializer.FromBinary(buffer.WrittenSpan, serializer.Manifest(message));
        }
        catch (Exception ex)
        {
            throw new SerializationCheckException(
                $"Message of type {type.FullName} failed a round trip through {serializer} (actor.serialize-messages = on): {ex.Message}", ex);
        }
    }

    private void AddCore(Serializer serializer)
    {
        _byId = new Dictionary<int, Serializer>(_byId) { [serializer.Identifier] = serializer };
        _resolved.Clear();
    }

    private Serializer? Lookup(Type type)
    {
        var bindings = _bindings;
        for (var t = type; t is not null; t = t.BaseType)
            if (bindings.TryGetValue(t, out var serializer)) return serializer;
        foreach (var candidate in type.GetInterfaces())
            if (bindings.TryGetValue(candidate, out var serializer)) return serializer;
        return null;
    }
}

/// <summary>Converts refs to and from their wire form; implemented by <see cref="RemoteTransport"/>.</summary>
internal interface IActorRefCodec
{
    string ToSerializedPath(IActorRef? actorRef);

    IActorRef? ResolveActorRef(string serializedPath);
}
