using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using ActorReplication.Remote.Serialization;
using Google.Protobuf;
using static ActorReplication.Cluster.ClusterProtocol;
using ActorAddress = ActorReplication.Actors.Address;
using Wire = ActorReplication.Cluster.Protocol;

namespace ActorReplication.Cluster.Remoting;

/// <summary>
/// Serializer id <see cref="Id"/> (110): every <see cref="ClusterProtocol"/> message, as the Protobuf messages of
/// <c>Protocol/cluster.proto</c>. The manifest is a short name per record (<see cref="Manifests"/>, pinned). Decoding is
/// strict: a missing or malformed field, an unknown enum value, a duplicate entry or a Removed member inside a gossip
/// fails with a <see cref="SerializationException"/>, so remoting drops the message (and logs it) before it can reach
/// the daemon. Stateless and thread-safe; one <see cref="Instance"/> serves every actor system of the process.
/// </summary>
public sealed class ClusterMessageSerializer : Serializer
{
    /// <summary>The cluster's serializer id. Ids 110..119 are kept for the cluster.</summary>
    public const int Id = 110;

    /// <summary>Manifest of each message type. Append-only: a manifest never changes meaning.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests { get; } = new Dictionary<Type, string>
    {
        [typeof(InitJoin)] = "IJ",
        [typeof(InitJoinAck)] = "IJA",
        [typeof(InitJoinNack)] = "IJN",
        [typeof(Join)] = "J",
        [typeof(Welcome)] = "W",
        [typeof(GossipEnvelope)] = "GE",
        [typeof(GossipStatus)] = "GS",
        [typeof(Heartbeat)] = "HB",
        [typeof(HeartbeatRsp)] = "HBR",
    };

    private ClusterMessageSerializer()
    {
    }

    public static ClusterMessageSerializer Instance { get; } = new();

    public override int Identifier => Id;

    /// <summary>Adds the serializer to <paramref name="registry"/> and binds every cluster message type to it (idempotent).</summary>
    public static void Register(SerializerRegistry registry)
    {
        registry.AddSerializer(Instance);
        foreach (var type in Manifests.Keys) registry.Bind(type, Id);
    }

    public override string Manifest(object message) =>
        Manifests.TryGetValue(message.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{message.GetType().FullName} is not a cluster protocol message");

    public override void ToBinary(object message, IBufferWriter<byte> output)
    {
        IMessage proto = message switch
        {
            InitJoin m => new Wire.InitJoin { From = ToProto(m.From) },
            InitJoinAck m => new Wire.InitJoinAck { From = ToProto(m.From) },
            InitJoinNack m => new Wire.InitJoinNack { From = ToProto(m.From) },
            Join m => ToProto(m),
            Welcome m => new Wire.Welcome { From = ToProto(m.From), To = ToProto(m.To), Gossip = ToProto(m.Gossip) },
            GossipEnvelope m => new Wire.GossipEnvelope { From = ToProto(m.From), To = ToProto(m.To), Gossip = ToProto(m.Gossip) },
            GossipStatus m => new Wire.GossipStatus { From = ToProto(m.From), To = ToProto(m.To), Version = ToProto(m.Version) },
            Heartbeat m => new Wire.Heartbeat { From = ToProto(m.From), SequenceNr = m.SequenceNr },
            HeartbeatRsp m => new Wire.HeartbeatRsp { From = ToProto(m.From), SequenceNr = m.SequenceNr },
            _ => throw new SerializationException($"{message.GetType().FullName} is not a cluster protocol message"),
        };
        var size = proto.CalculateSize();
        proto.WriteTo(output.GetSpan(size)[..size]);
        output.Advance(size);
    }

    public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest)
    {
        try
        {
            return manifest switch
            {
                "IJ" => new InitJoin(FromProto(Wire.InitJoin.Parser.ParseFrom(bytes).From, "from")),
                "IJA" => new InitJoinAck(FromProto(Wire.InitJoinAck.Parser.ParseFrom(bytes).From, "from")),
                "IJN" => new InitJoinNack(FromProto(Wire.InitJoinNack.Parser.ParseFrom(bytes).From, "from")),
                "J" => FromProto(Wire.Join.Parser.ParseFrom(bytes)),
                "W" => FromProto(Wire.Welcome.Parser.ParseFrom(bytes)),
                "GE" => FromProto(Wire.GossipEnvelope.Parser.ParseFrom(bytes)),
                "GS" => FromProto(Wire.GossipStatus.Parser.ParseFrom(bytes)),
                "HB" => FromProto(Wire.Heartbeat.Parser.ParseFrom(bytes)),
                "HBR" => FromProto(Wire.HeartbeatRsp.Parser.ParseFrom(bytes)),
                _ => throw new SerializationException($"Unknown cluster message manifest '{manifest}'"),
            };
        }
        catch (Exception ex) when (ex is not SerializationException)
        {
            throw new SerializationException($"Malformed cluster message '{manifest}': {ex.Message}", ex);
        }
    }

    // ---- model -> wire ----

    internal static Wire.Address ToProto(ActorAddress a) =>
        new() { Protocol = a.Protocol, System = a.System, Host = a.Host ?? "", Port = (uint)(a.Port ?? 0) };

    internal static Wire.UniqueAddress ToProto(UniqueAddress node) => new() { Address = ToProto(node.Address), Uid = node.Uid };

    private static Wire.Join ToProto(Join m)
    {
        var proto = new Wire.Join { From = ToProto(m.From), RespEndpoint = m.RespEndpoint };
        proto.Roles.AddRange(m.Roles);
        return proto;
    }

    internal static Wire.VectorClock ToProto(VectorClock clock)
    {
        var proto = new Wire.VectorClock();
        foreach (var (node, counter) in clock.Versions) proto.Entries.Add(new Wire.VectorClock.Types.Entry { Node = node, Counter = counter });
        return proto;
    }

    internal static Wire.Member ToProto(Member m)
    {
        var proto = new Wire.Member
        {
            Node = ToProto(m.UniqueAddress),
            Status = (Wire.MemberStatus)(int)m.Status,
            UpNumber = m.UpNumber,
            RespEndpoint = m.RespEndpoint,
        };
        proto.Roles.AddRange(m.Roles);
        return proto;
    }

    internal static Wire.Reachability ToProto(Reachability r)
    {
        var proto = new Wire.Reachability();
        foreach (var record in r.Records)
            proto.Records.Add(new Wire.ReachabilityRecord
            {
                Observer = ToProto(record.Observer),
                Subject = ToProto(record.Subject),
                Status = (Wire.ReachabilityStatus)(int)record.Status,
                Version = record.Version,
            });
        foreach (var (observer, version) in r.Versions)
            proto.Versions.Add(new Wire.ObserverVersion { Observer = ToProto(observer), Version = version });
        return proto;
    }

    internal static Wire.Gossip ToProto(Gossip g)
    {
        var proto = new Wire.Gossip { Reachability = ToProto(g.Reachability), Version = ToProto(g.Version) };
        foreach (var m in g.Members) proto.Members.Add(ToProto(m));
        foreach (var (node, version) in g.Overview.SeenVersions) proto.Seen.Add(new Wire.SeenVersion { Node = ToProto(node), Version = ToProto(version) });
        foreach (var (node, at) in g.Tombstones) proto.Tombstones.Add(new Wire.Tombstone { Node = ToProto(node), RemovedAtUnixMs = at });
        return proto;
    }

    // ---- wire -> model, validating ----

    private static SerializationException Bad(string what) => new($"Malformed cluster message: {what}");

    internal static ActorAddress FromProto(Wire.Address? a, string field)
    {
        if (a is null) throw Bad($"{field}: address missing");
        if (a.Protocol.Length == 0 || a.System.Length == 0 || a.Host.Length == 0 || a.Port > 65535)
            throw Bad($"{field}: '{a.Protocol}://{a.System}@{a.Host}:{a.Port}' is not a node address");
        return new ActorAddress(a.Protocol, a.System, a.Host, (int)a.Port);
    }

    internal static UniqueAddress FromProto(Wire.UniqueAddress? node, string field)
    {
        if (node is null) throw Bad($"{field}: node missing");
        return new UniqueAddress(FromProto(node.Address, field), node.Uid);
    }

    private static Join FromProto(Wire.Join m) =>
        new(FromProto(m.From, "from"), Roles(m.Roles, "join roles"), m.RespEndpoint);

    private static Welcome FromProto(Wire.Welcome m) =>
        new(FromProto(m.From, "from"), FromProto(m.To, "to"), FromProto(m.Gossip));

    private static GossipEnvelope FromProto(Wire.GossipEnvelope m) =>
        new(FromProto(m.From, "from"), FromProto(m.To, "to"), FromProto(m.Gossip));

    private static GossipStatus FromProto(Wire.GossipStatus m) =>
        new(FromProto(m.From, "from"), FromProto(m.To, "to"), FromProto(m.Version, "version"));

    private static Heartbeat FromProto(Wire.Heartbeat m) => new(FromProto(m.From, "from"), m.SequenceNr);

    private static HeartbeatRsp FromProto(Wire.HeartbeatRsp m) => new(FromProto(m.From, "from"), m.SequenceNr);

    private static ImmutableSortedSet<string> Roles(IEnumerable<string> roles, string field)
    {
        var set = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var role in roles)
            if (!set.Add(role)) throw Bad($"{field}: role '{role}' twice");
        return set.ToImmutable();
    }

    internal static VectorClock FromProto(Wire.VectorClock? clock, string field)
    {
        if (clock is null) throw Bad($"{field}: vector clock missing");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in clock.Entries)
        {
            if (e.Node.Length == 0 || e.Counter <= 0) throw Bad($"{field}: clock entry '{e.Node}' -> {e.Counter}");
            if (!seen.Add(e.Node)) throw Bad($"{field}: clock entry '{e.Node}' twice");
        }
        return VectorClock.Create(clock.Entries.Select(e => new KeyValuePair<string, long>(e.Node, e.Counter)));
    }

    internal static Member FromProto(Wire.Member m)
    {
        var status = (MemberStatus)(int)m.Status;
        if (!Enum.IsDefined(status) || status == MemberStatus.Removed) throw Bad($"member status {(int)m.Status}");
        return Member.Restore(FromProto(m.Node, "member"), status, Roles(m.Roles, "member roles"), m.UpNumber, m.RespEndpoint);
    }

    internal static Reachability FromProto(Wire.Reachability? r)
    {
        if (r is null) return Reachability.Empty;
        var records = new List<ReachabilityRecord>(r.Records.Count);
        var pairs = new HashSet<(UniqueAddress, UniqueAddress)>();
        foreach (var p in r.Records)
        {
            var status = (ReachabilityStatus)(int)p.Status;
            if (!Enum.IsDefined(status)) throw Bad($"reachability status {(int)p.Status}");
            if (p.Version <= 0) throw Bad($"reachability record version {p.Version}");
            var record = new ReachabilityRecord(FromProto(p.Observer, "observer"), FromProto(p.Subject, "subject"), status, p.Version);
            if (!pairs.Add((record.Observer, record.Subject))) throw Bad($"reachability record {record.Observer} -> {record.Subject} twice");
            records.Add(record);
        }
        var versions = new Dictionary<UniqueAddress, long>();
        foreach (var v in r.Versions)
        {
            var observer = FromProto(v.Observer, "observer");
            if (v.Version <= 0 || !versions.TryAdd(observer, v.Version)) throw Bad($"observer version {observer} -> {v.Version}");
        }
        return Reachability.Create(records, versions);
    }

    internal static Gossip FromProto(Wire.Gossip? g)
    {
        if (g is null) throw Bad("gossip missing");
        var members = ImmutableSortedSet.CreateBuilder(Member.Ordering);
        foreach (var m in g.Members)
        {
            var member = FromProto(m);
            if (!members.Add(member)) throw Bad($"member {member.UniqueAddress} twice");
        }
        var seen = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, VectorClock>();
        foreach (var s in g.Seen)
        {
            var node = FromProto(s.Node, "seen");
            if (seen.ContainsKey(node)) throw Bad($"seen entry {node} twice");
            seen[node] = FromProto(s.Version, "seen version");
        }
        var tombstones = ImmutableSortedDictionary.CreateBuilder<UniqueAddress, long>();
        foreach (var t in g.Tombstones)
        {
            var node = FromProto(t.Node, "tombstone");
            if (tombstones.ContainsKey(node)) throw Bad($"tombstone {node} twice");
            tombstones[node] = t.RemovedAtUnixMs;
        }
        return new Gossip(members.ToImmutable(), new GossipOverview(seen.ToImmutable(), FromProto(g.Reachability)),
            FromProto(g.Version, "gossip version"), tombstones.ToImmutable());
    }
}
