using System.Collections.Immutable;
using System.Runtime.Serialization;
using ActorReplication.Actors;
using ActorReplication.Cluster.Remoting;
using ActorReplication.Configuration;
using ActorReplication.Remote;
using Akka.Configuration;
using FsCheck;
using Config = Akka.Configuration.Config;
using FsCheck.Fluent;
using Google.Protobuf;
using static ActorReplication.Cluster.ClusterProtocol;
using static ActorReplication.Cluster.Tests.Nodes;
using Wire = ActorReplication.Cluster.Protocol;

namespace ActorReplication.Cluster.Tests;

/// <summary>The cluster messages survive the wire exactly, and whatever else arrives is refused as a SerializationException.</summary>
public sealed class ClusterSerializationSpec
{
    private static readonly ClusterMessageSerializer Serializer = ClusterMessageSerializer.Instance;

    private static T RoundTrip<T>(T message) where T : notnull
    {
        var bytes = Serializer.ToBinary(message);
        return (T)Serializer.FromBinary(bytes, Serializer.Manifest(message));
    }

    public static TheoryData<IClusterMessage> Examples()
    {
        var gossip = G(M(1), M(2, MemberStatus.Joining), M(3, MemberStatus.Down, roles: ["master-eligible", "replica"]));
        gossip = gossip.WithReachability(gossip.Reachability.Unreachable(N(1), N(3)).Terminated(N(2), N(3)))
            .Remove([N(4, uid: 44)], 1_700_000_000_000);
        return new TheoryData<IClusterMessage>
        {
            new InitJoin(N(1)),
            new InitJoinAck(N(2, uid: long.MinValue)),
            new InitJoinNack(N(3, uid: long.MaxValue)),
            new Welcome(N(1), N(2), gossip),
            new GossipEnvelope(N(2), N(1), gossip),
            new GossipEnvelope(N(2), N(1), Gossip.Empty),
            new GossipStatus(N(1), N(3), gossip.Version),
            new GossipStatus(N(1), N(3), VectorClock.Empty),
            new Heartbeat(N(1), 0),
            new HeartbeatRsp(N(2), long.MaxValue),
        };
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_message_must_round_trip_exactly(IClusterMessage message) => Assert.Equal(message, RoundTrip(message));

    [Fact]
    public void Join_must_round_trip_with_roles_and_resp_endpoint()
    {
        var join = new Join(N(4), ["b", "a"], "10.0.0.4:6379");
        var back = RoundTrip(join);
        Assert.Equal((join.From, join.RespEndpoint), (back.From, back.RespEndpoint));
        Assert.Equal(["a", "b"], back.Roles);
    }

    [Fact]
    public void Random_gossips_must_round_trip_in_every_gossip_carrying_message()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var gossip = GossipMergeProperties.RandomGossip(seed);
            var merged = gossip.Merge(GossipMergeProperties.RandomGossip(seed ^ 0x5bd1e995));
            return (RoundTrip(new GossipEnvelope(N(1), N(2), gossip)).Gossip.Equals(gossip)
                    && RoundTrip(new Welcome(N(2), N(1), merged)).Gossip.Equals(merged)
                    && RoundTrip(new GossipStatus(N(1), N(2), merged.Version)).Version.Equals(merged.Version))
                .Label(gossip.ToString());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_must_be_refused_with_a_serialization_exception_or_decode_to_a_valid_message()
    {
        var manifests = ClusterMessageSerializer.Manifests.Values.ToArray();
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(0, manifests.Length - 1), Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)))), t =>
        {
            var (index, bytes) = t;
            try
            {
                var message = Serializer.FromBinary(bytes, manifests[index]);
                return message is IClusterMessage;
            }
            catch (SerializationException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Unknown_manifest_must_be_refused()
    {
        var ex = Assert.Throws<SerializationException>(() => Serializer.FromBinary([], "NOPE"));
        Assert.Contains("NOPE", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<Wire.GossipEnvelope, Wire.GossipEnvelope>> Malformed() => new()
    {
        { "from: node missing", e => { e.From = null; return e; } },
        { "gossip missing", e => { e.Gossip = null; return e; } },
        { "is not a node address", e => { e.To.Address.Host = ""; return e; } },
        { "member status 6", e => { e.Gossip.Members[0].Status = Wire.MemberStatus.Removed; return e; } },
        { "member status 99", e => { e.Gossip.Members[0].Status = (Wire.MemberStatus)99; return e; } },
        { "twice", e => { e.Gossip.Members.Add(e.Gossip.Members[0]); return e; } },
        { "clock entry", e => { e.Gossip.Version.Entries[0].Counter = 0; return e; } },
        { "reachability status 7", e => { e.Gossip.Reachability.Records[0].Status = (Wire.ReachabilityStatus)7; return e; } },
        { "gossip version: vector clock missing", e => { e.Gossip.Version = null; return e; } },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_gossip_must_be_refused_naming_the_problem(string expected, Func<Wire.GossipEnvelope, Wire.GossipEnvelope> corrupt)
    {
        var gossip = G(M(1), M(2));
        gossip = gossip.WithReachability(gossip.Reachability.Unreachable(N(1), N(2)));
        var good = Wire.GossipEnvelope.Parser.ParseFrom(Serializer.ToBinary(new GossipEnvelope(N(1), N(2), gossip)));
        var bytes = corrupt(good).ToByteArray();
        var ex = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "GE"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_the_cluster_must_register_the_serializer_for_every_message_type_in_remoting()
    {
        var system = ActorSystem.Create("ser", HoconFiles.ParseString("remote { hostname = \"127.0.0.1\", port = 0 }"));
        try
        {
            var cluster = Cluster.Get(system);
            var registry = RemoteTransport.Get(system)!.Serialization;
            foreach (var type in ClusterMessageSerializer.Manifests.Keys)
            {
                Assert.True(registry.TryFindSerializerFor(type, out var found), type.Name);
                Assert.Same(Serializer, found);
            }
            Assert.Same(Serializer, registry.GetSerializerById(ClusterMessageSerializer.Id));
            registry.Verify(new GossipEnvelope(N(1), N(2), G(M(1), M(2))));
            Assert.Same(cluster, Cluster.Get(system));
            Assert.Same(cluster, Cluster.TryGet(system));
            Assert.Equal(RemoteTransport.Get(system)!.Address, cluster.SelfAddress);
            Assert.Equal(RemoteTransport.Get(system)!.Uid, cluster.SelfUniqueAddress.Uid);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Try_get_must_be_null_until_the_cluster_is_started()
    {
        var system = ActorSystem.Create("noclu");
        try
        {
            Assert.Null(Cluster.TryGet(system));
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
