using ActorReplication.Client.Actors;
using ActorReplication.Client.Protocol;
using Akka.Actor;
using Akka.Configuration;

namespace ActorReplication.Client.Tests.UserSystem;

/// <summary>The client on an ActorSystem the user made: what it requires of it and what it leaves alone. No nodes.</summary>
public sealed class ClientOnUserSystemSpec : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>A user's HOCON: remoting on loopback, an ephemeral port, nothing of ours.</summary>
    public static readonly Config RemoteConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """);

    /// <summary>Nobody listens here: the port was free a moment ago, and nothing of the test binds it.</summary>
    private static string DeadSeed()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return "127.0.0.1:" + port;
    }

    private static readonly CacheClientOptions FastFailing = new()
    {
        TopologyQueryTimeout = TimeSpan.FromMilliseconds(300),
        RetryBudget = TimeSpan.FromMilliseconds(500),
    };

    public ClientOnUserSystemSpec() : base(RemoteConfig, "user-app")
    {
    }

    [Fact]
    public void Client_must_refuse_an_ActorSystem_without_remoting()
    {
        using var local = ActorSystem.Create("local-app", "akka.loglevel = WARNING");

        var error = Assert.Throws<ArgumentException>(() => CacheClient.Create(local, ["127.0.0.1:16379"]));

        Assert.Contains("local-app", error.Message, StringComparison.Ordinal);
        Assert.Contains("LocalActorRefProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_must_bind_the_gateway_serializer_on_a_system_whose_HOCON_does_not()
    {
        Assert.IsNotType<ClientMessageSerializer>(Sys.Serialization.FindSerializerFor(new CommandRequest()));

        await using var client = CacheClient.Create(Sys, [DeadSeed()]);

        var serializer = Sys.Serialization.FindSerializerFor(new CommandRequest());
        Assert.IsType<ClientMessageSerializer>(serializer);
        // A reply from a node arrives under id 120: it must be readable by id, not only by type.
        var request = new CommandRequest { WantOffset = true };
        Assert.Equal(request, Sys.Serialization.Deserialize(serializer.ToBinary(request), ClientMessageSerializer.Id, "cmd"));
    }

    [Fact]
    public async Task Client_must_take_the_scheme_of_the_users_system_and_leave_the_system_running_when_disposed()
    {
        var client = CacheClient.Create(Sys, [DeadSeed()]);
        Assert.Equal(((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString(), client.Address);

        await client.DisposeAsync();

        Assert.False(Sys.WhenTerminated.IsCompleted);
        Assert.Equal("ok", await Sys.ActorOf(Props.Create(() => new EchoActor())).Ask<string>("ok", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Client_actor_must_answer_a_request_it_cannot_serve_with_the_typed_error_the_async_API_throws()
    {
        var actor = Sys.ActorOf(CacheClientActor.Props([DeadSeed()], FastFailing));

        var error = await Assert.ThrowsAsync<MasterDownException>(() => actor.Ask<CacheProtocol.Value>(new CacheProtocol.Get("k"), TimeSpan.FromSeconds(30)));

        Assert.Contains("GET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_actor_must_send_a_Tell_failure_to_the_sender_as_Status_Failure()
    {
        var actor = Sys.ActorOf(CacheClientActor.Props([DeadSeed()], FastFailing));

        actor.Tell(new CacheProtocol.Incr("n"), TestActor);

        var failure = ExpectMsg<Status.Failure>(TimeSpan.FromSeconds(30));
        Assert.IsType<MasterDownException>(failure.Cause);
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(m => Sender.Tell(m));
    }
}
