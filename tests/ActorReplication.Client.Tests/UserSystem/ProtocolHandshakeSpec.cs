using ActorReplication.Client.Protocol;
using Akka.Actor;
using Akka.Configuration;

namespace ActorReplication.Client.Tests.UserSystem;

/// <summary>
/// The client's side of the version handshake against a stand-in gateway (an in-process ActorSystem named <c>node</c>
/// on loopback that answers topology queries as told): which node versions it uses, and the error when it can use none.
/// </summary>
public sealed class ProtocolHandshakeSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly ActorSystem _node = ActorSystem.Create("node", ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """).WithFallback(ClientSerialization.Config));

    public ProtocolHandshakeSpec() : base(ClientOnUserSystemSpec.RemoteConfig, "user-app")
    {
    }

    protected override void AfterAll()
    {
        _node.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private string StartGateway(Func<TopologyRequest, object> answer)
    {
        _node.ActorOf(Props.Create(() => new StandInGateway(answer, TestActor)), "client-gateway");
        return ((ExtendedActorSystem)_node).Provider.DefaultAddress.ToString();
    }

    private TopologyReply MasterReply(string address, ProtocolVersion? version) => new()
    {
        Address = address, RespEndpoint = "127.0.0.1:6379", ReplId = new string('a', 40), Version = version,
    };

    private static ProtocolVersion MinorsAway(int minors) => new() { Major = GatewayProtocol.Current.Major, Minor = GatewayProtocol.Current.Minor + minors };

    [Fact]
    public async Task Client_must_send_its_version_and_use_a_node_one_minor_version_newer()
    {
        string address = "";
        address = StartGateway(_ => MasterReply(address, MinorsAway(+1)));

        await using var client = await CacheClient.ConnectAsync(Sys, [address]);

        Assert.Equal(address, client.Topology.Master?.Address);
        Assert.Equal(GatewayProtocol.Current, ExpectMsg<TopologyRequest>().Version);
    }

    [Fact]
    public async Task Client_must_use_a_node_one_minor_version_older()
    {
        string address = "";
        address = StartGateway(_ => MasterReply(address, MinorsAway(-1)));

        await using var client = await CacheClient.ConnectAsync(Sys, [address]);

        Assert.Equal(address, client.Topology.Master?.Address);
    }

    [Fact]
    public async Task Client_must_refuse_a_node_two_minor_versions_newer_naming_both_versions()
    {
        string address = "";
        address = StartGateway(_ => MasterReply(address, MinorsAway(+2)));

        var error = await Assert.ThrowsAsync<ProtocolVersionException>(() => CacheClient.ConnectAsync(Sys, [address]));

        Assert.Contains($"client gateway protocol {GatewayProtocol.Describe(GatewayProtocol.Current)} cannot talk to node protocol {GatewayProtocol.Describe(MinorsAway(+2))}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_must_report_a_nodes_refusal_naming_both_versions()
    {
        StartGateway(_ => new GatewayError { Message = "ERR refused", Version = new ProtocolVersion { Major = 2, Minor = 0 } });
        var address = ((ExtendedActorSystem)_node).Provider.DefaultAddress.ToString();

        var error = await Assert.ThrowsAsync<ProtocolVersionException>(() => CacheClient.ConnectAsync(Sys, [address]));

        Assert.Contains($"client gateway protocol {GatewayProtocol.Describe(GatewayProtocol.Current)} cannot talk to node protocol 2.0", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers each topology query with what the test says, and shows the test the query.</summary>
    private sealed class StandInGateway : ReceiveActor
    {
        public StandInGateway(Func<TopologyRequest, object> answer, IActorRef observer) =>
            Receive<TopologyRequest>(request =>
            {
                observer.Tell(request);
                Sender.Tell(answer(request));
            });
    }
}
