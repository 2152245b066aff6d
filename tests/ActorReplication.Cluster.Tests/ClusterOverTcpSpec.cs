using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ActorReplication.Actors;
using ActorReplication.Cluster.Remoting;
using ActorReplication.Remote;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Transport;
using ActorReplication.TestKit.MultiNode;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static ActorReplication.Cluster.ClusterEvents;

namespace ActorReplication.Cluster.Tests;

/// <summary>
/// Membership over real loopback TCP: several actor systems in this process, each with remoting and
/// <see cref="Cluster.Start"/>, faults injected by the TestKit's multi-node harness (<see cref="TcpCluster"/>).
/// </summary>
public sealed class ClusterOverTcpSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TcpCluster.Patience;

    [Fact]
    public void Three_nodes_must_join_through_the_seeds_and_converge_and_publish_to_the_event_stream()
    {
        using var c = new TcpCluster(output);
        var nodes = new[] { c.Node("node1"), c.Node("node2"), c.Node("node3") };
        nodes[2].System.EventStream.Subscribe<MemberUp>(nodes[2].TestActor);
        var seeds = nodes.Select(n => n.Address).ToArray();
        foreach (var node in nodes) c.Join(node, seeds);

        c.AwaitConverged(nodes);
        var ups = Enumerable.Range(0, 3).Select(_ => nodes[2].ExpectMsg<MemberUp>(Patience).Member.Address).ToHashSet();
        Assert.True(ups.SetEquals(seeds));
        var lowest = seeds.Order(AddressOrdering.Instance).First(); // the leader: first in address order (host, then port)
        foreach (var node in nodes)
        {
            var view = c[node].State;
            Assert.Equal(lowest, view.Leader);
            Assert.Equal(c[node].SelfUniqueAddress, c[node].SelfMember!.UniqueAddress);
            Assert.Equal(node.Transport.Uid, c[node].SelfUniqueAddress.Uid);
            Assert.Equal($"127.0.0.1:{node.Address.Port + 1}", view.Members.Single(m => m.Address.Equals(node.Address)).RespEndpoint);
        }
    }

    [Fact]
    public void Five_nodes_must_join_through_two_seeds_and_converge()
    {
        using var c = new TcpCluster(output);
        var nodes = c.Start(5, seeds: 2);
        c.AwaitConverged(nodes);
        var lowest = nodes.Select(n => n.Address).Order(AddressOrdering.Instance).First();
        Assert.All(nodes, n => Assert.Equal(lowest, c[n].State.Leader));
    }

    [Fact]
    public void Crashed_node_must_become_unreachable_then_be_downed_and_removed_and_its_incarnation_quarantined()
    {
        using var c = new TcpCluster(output);
        var nodes = c.Start(3, seeds: 3);
        c.AwaitConverged(nodes);
        var probe = nodes[0].CreateTestProbe();
        c[nodes[0]].Subscribe(probe.Ref, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));
        probe.ExpectMsg<CurrentClusterState>(Patience);
        var victim = c[nodes[2]].SelfUniqueAddress;

        nodes[2].Crash();
        Assert.Equal(victim.Address, probe.ExpectMsg<UnreachableMember>(Patience).Member.Address);
        Assert.Equal(victim.Address, probe.ExpectMsg<MemberDowned>(Patience).Member.Address);
        var removed = probe.ExpectMsg<MemberRemoved>(Patience);
        Assert.Equal((victim, MemberStatus.Down), (removed.Member.UniqueAddress, removed.PreviousStatus));

        c.AwaitConverged(nodes[..2]);
        nodes[0].AwaitAssert(() => Assert.True(nodes[0].Transport.IsQuarantined(victim.Address, victim.Uid)), Patience);
        Assert.True(TcpCluster.State(c[nodes[1]]).Gossip.IsTombstoned(victim));
    }

    [Fact]
    public void Blackholed_node_must_be_downed_and_removed_by_the_majority_and_down_itself()
    {
        using var c = new TcpCluster(output);
        var nodes = c.Start(3, seeds: 3);
        c.AwaitConverged(nodes);
        nodes[2].System.EventStream.Subscribe<ClusterShuttingDown>(nodes[2].TestActor);

        c.Harness.Isolate(nodes[2]);
        c.AwaitConverged(nodes[..2]);
        nodes[2].ExpectMsg<ClusterShuttingDown>(Patience);
        Assert.True(c[nodes[2]].IsShutDown);
        Assert.Equal(MemberStatus.Down, TcpCluster.State(c[nodes[2]]).SelfMember?.Status);
    }

    [Fact]
    public void Three_two_partition_with_keep_majority_must_down_only_the_minority()
    {
        using var c = new TcpCluster(output);
        var nodes = c.Start(5, seeds: 2);
        c.AwaitConverged(nodes);
        var (majority, minority) = (nodes[..3], nodes[3..]);

        foreach (var a in majority)
            foreach (var b in minority)
                c.Harness.Blackhole(a, b);

        c.AwaitConverged(majority);
        nodes[0].AwaitAssert(() => Assert.All(minority, n =>
        {
            Assert.True(c[n].IsShutDown, n.Name);
            Assert.Equal(MemberStatus.Down, TcpCluster.State(c[n]).SelfMember?.Status);
        }), Patience);
        Assert.All(majority, n => Assert.Equal(MemberStatus.Up, c[n].SelfMember?.Status));
        Assert.All(majority, n => Assert.False(c[n].IsShutDown));
    }

    [Fact]
    public void Partition_must_heal_without_restart_when_nobody_downs()
    {
        using var c = new TcpCluster(output, "cluster.downing-provider = off");
        var nodes = c.Start(3, seeds: 3);
        c.AwaitConverged(nodes);
        var uids = nodes.Select(n => c[n].SelfUniqueAddress).ToArray();

        foreach (var other in nodes[..2]) c.Harness.Blackhole(other, nodes[2]);
        nodes[0].AwaitAssert(() =>
        {
            Assert.Contains(uids[2], c[nodes[0]].State.Unreachable.Select(m => m.UniqueAddress));
            Assert.Contains(uids[0], c[nodes[2]].State.Unreachable.Select(m => m.UniqueAddress));
        }, Patience);

        c.Harness.HealAll();
        c.AwaitConverged(nodes);
        Assert.Equal(uids, nodes.Select(n => c[n].SelfUniqueAddress));
        Assert.All(nodes, n => Assert.False(c[n].IsShutDown));
    }

    [Fact]
    public void Restarted_node_with_a_new_uid_must_replace_its_old_incarnation()
    {
        using var c = new TcpCluster(output);
        var nodes = c.Start(3, seeds: 2);
        c.AwaitConverged(nodes);
        var old = c[nodes[2]].SelfUniqueAddress;

        var restarted = c.Harness.Restart(nodes[2]);
        c.Join(restarted, nodes[0].Address, nodes[1].Address);
        var current = new[] { nodes[0], nodes[1], restarted };
        c.AwaitConverged(current);

        var fresh = c[restarted].SelfUniqueAddress;
        Assert.Equal(old.Address, fresh.Address);
        Assert.NotEqual(old.Uid, fresh.Uid);
        Assert.True(TcpCluster.State(c[nodes[0]]).Gossip.IsTombstoned(old));
        nodes[0].AwaitAssert(() => Assert.True(nodes[0].Transport.IsQuarantined(old.Address, old.Uid)), Patience);
    }

    [Fact]
    public void First_seed_that_starts_late_must_form_the_cluster_the_others_then_join()
    {
        using var c = new TcpCluster(output);
        var port = FreeLoopbackPort();
        var first = new Address(RemoteTransport.Protocol, "node1", "127.0.0.1", port);
        var second = c.Node("node2");
        var third = c.Node("node3");
        second.System.EventStream.Subscribe<RemotingLifecycle.Associated>(second.TestActor);
        var seeds = new[] { first, second.Address, third.Address };
        c.Join(second, seeds);
        c.Join(third, seeds);

        // They talk to each other (InitJoin, InitJoinNack) but no cluster exists until the first seed is there.
        second.FishForMessage<RemotingLifecycle.Associated>(a => a.Remote.Equals(third.Address), Patience);
        Assert.Equal("Uninitialized", TcpCluster.State(c[second]).Phase);
        Assert.Equal("Uninitialized", TcpCluster.State(c[third]).Phase);

        var late = c.Node("node1", port: port);
        c.Join(late, seeds);
        c.AwaitConverged([late, second, third]);
        Assert.Equal(seeds.Order(AddressOrdering.Instance).First(), c[second].State.Leader);
    }

    [Fact]
    public void Node_with_a_wrong_secret_must_never_join()
    {
        using var c = new TcpCluster(output);
        var nodes = c.Start(3, seeds: 2);
        c.AwaitConverged(nodes);

        var intruder = c.Node("node4", "remote.secret = \"not-the-secret\"");
        intruder.System.EventStream.Subscribe<RemotingLifecycle.HandshakeRefused>(intruder.TestActor);
        c.Join(intruder, nodes[0].Address, nodes[1].Address);

        // Refused by both seeds, again and again: it never becomes a member and nobody learns of it.
        var refusals = new HashSet<string>();
        while (refusals.Count < 2)
            refusals.Add(intruder.ExpectMsg<RemotingLifecycle.HandshakeRefused>(Patience).Peer);
        Assert.Equal("Uninitialized", TcpCluster.State(c[intruder]).Phase);
        Assert.Null(c[intruder].SelfMember);
        c.AwaitConverged(nodes);
        Assert.All(nodes, n => Assert.DoesNotContain(intruder.Address, TcpCluster.State(c[n]).Gossip.Members.Select(m => m.Address)));
    }

    [Fact]
    public void Garbage_and_oversized_frames_on_the_cluster_port_must_hurt_no_one()
    {
        using var c = new TcpCluster(output, "remote.maximum-frame-size = 64kb");
        var nodes = c.Start(3, seeds: 3);
        c.AwaitConverged(nodes);
        var uids = nodes.Select(n => c[n].SelfUniqueAddress).ToArray();
        var target = nodes[1];
        var logs = target.CreateTestProbe();
        target.System.EventStream.Subscribe<LogEvent>(logs.Ref);

        // Random bytes: not a remoting peer, closed.
        using (var stranger = Connect(target.Address))
        {
            var garbage = new byte[4096];
            new Random(7).NextBytes(garbage);
            stranger.Send(garbage);
            Assert.True(WaitClosed(stranger));
        }
        // A first frame announcing 100 MB: closed on the header.
        using (var stranger = Connect(target.Address))
        {
            var header = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(header, 100_000_000);
            header[4] = (byte)FrameType.Handshake;
            stranger.Send(header);
            Assert.True(WaitClosed(stranger));
        }
        // A peer that knows the secret sends the cluster daemon garbage, a hostile gossip, then an oversized frame.
        using (var peer = Connect(target.Address))
        {
            peer.Send(FrameCodec.ToArray(FrameType.Handshake, Handshake(target.Address, "cluster-spec-secret")));
            var daemon = $"{target.Address}/system/cluster";
            peer.Send(Envelope(daemon, "GE", [0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
            var hostile = new ClusterProtocol.GossipEnvelope(
                new UniqueAddress(new Address(RemoteTransport.Protocol, "stranger", "127.0.0.1", 1), 99), uids[1],
                Gossip.Create([Member.Restore(uids[1], MemberStatus.Down, [], 1, "")]).Increment(uids[0]));
            peer.Send(Envelope(daemon, "GE", ClusterMessageSerializer.Instance.ToBinary(hostile)));
            var oversized = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(oversized, 1_000_000);
            oversized[4] = (byte)FrameType.Envelope;
            peer.Send(oversized);
            Assert.True(WaitClosed(peer));
        }
        logs.FishForMessage<LogEvent>(e => e.Level == LogLevel.Error && e.Message.Contains("could not be deserialized", StringComparison.Ordinal), Patience);

        c.AwaitConverged(nodes);
        Assert.Equal(uids, nodes.Select(n => c[n].SelfUniqueAddress));
        Assert.All(nodes, n => Assert.Equal(MemberStatus.Up, c[n].SelfMember?.Status));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private static Socket Connect(Address address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(address.Host!, address.Port!.Value);
        return socket;
    }

    /// <summary>True when the node closes the connection within the patience (what it sent before is skipped).</summary>
    private static bool WaitClosed(Socket socket)
    {
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        socket.ReceiveTimeout = 1000;
        while (clock.Elapsed < Patience)
        {
            try
            {
                if (socket.Receive(buffer) == 0) return true;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                // Nothing yet: keep reading until the deadline.
            }
            catch (SocketException)
            {
                return true; // reset by the node
            }
        }
        return false;
    }

    /// <summary>A handshake from a made-up node; the proof is remoting's HMAC (docs/remote.md), computed here from the secret.</summary>
    private static Handshake Handshake(Address target, string secret)
    {
        const string origin = "ar.tcp://stranger@127.0.0.1:1";
        const long uid = 99;
        var proof = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"ar-remote|{RemoteTransport.ProtocolVersion}|{origin}|{uid}|{target}"));
        return new Handshake
        {
            SystemName = "stranger",
            OriginAddress = origin,
            Uid = uid,
            ProtocolVersion = RemoteTransport.ProtocolVersion,
            TargetAddress = target.ToString(),
            SecretProof = ByteString.CopyFrom(proof),
        };
    }

    private static byte[] Envelope(string recipient, string manifest, byte[] payload) =>
        FrameCodec.ToArray(FrameType.Envelope, new RemoteEnvelope
        {
            Recipient = recipient,
            SerializerId = ClusterMessageSerializer.Id,
            Manifest = manifest,
            Message = ByteString.CopyFrom(payload),
        });
}
