using ActorReplication.Client.Actors;
using ActorReplication.Client.Hosting;
using ActorReplication.Client.Routing;
using ActorReplication.Client.Tests.UserSystem;
using Akka.Actor;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>
/// The client as an Akka.NET user runs it against a real master and replica: on their own ActorSystem, as an actor
/// with typed messages, and registered by Akka.Hosting.
/// </summary>
public sealed class ClientOnUserActorSystemTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>, IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly ActorSystem _system = ActorSystem.Create("user-app", ClientOnUserSystemSpec.RemoteConfig);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public async Task Client_reads_and_writes_through_the_users_ActorSystem_and_leaves_it_running()
    {
        var client = await CacheClient.ConnectAsync(_system, [cluster.Replica.Address], new CacheClientOptions { ReadYourWrites = true });

        Assert.Equal(RespEndpoint(cluster.Master), client.Topology.Master?.RespEndpoint);
        Assert.StartsWith("akka.tcp://user-app@127.0.0.1:", client.Address, StringComparison.Ordinal);
        await client.SetAsync("user:greeting", "hello");
        Assert.Equal("hello", await client.GetAsync("user:greeting"));
        Assert.Equal("hello", (await CommandAsync(cluster.Master, "GET", "user:greeting")).Text);

        await client.DisposeAsync();
        Assert.False(_system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Client_actor_answers_typed_requests_with_typed_replies()
    {
        await using var client = await CacheClient.ConnectAsync(_system, [cluster.Master.Address]);
        var actor = _system.ActorOf(CacheClientActor.Props(client));
        await actor.Ask<CacheProtocol.Count>(new CacheProtocol.Del(["actor:s", "actor:n", "actor:h", "actor:l", "actor:set"]), AskTimeout);

        var set = new CacheProtocol.Set("actor:s", "v");
        Assert.Equal(set, (await actor.Ask<CacheProtocol.Done>(set, AskTimeout)).Request);
        Assert.Equal("v", (await actor.Ask<CacheProtocol.Value>(new CacheProtocol.Get("actor:s"), AskTimeout)).Text);
        Assert.Null((await actor.Ask<CacheProtocol.Value>(new CacheProtocol.Get("actor:missing"), AskTimeout)).Text);
        Assert.Equal(1, (await actor.Ask<CacheProtocol.Count>(new CacheProtocol.Incr("actor:n"), AskTimeout)).N);
        Assert.Equal(6, (await actor.Ask<CacheProtocol.Count>(new CacheProtocol.IncrBy("actor:n", 5), AskTimeout)).N);
        Assert.Equal(1, (await actor.Ask<CacheProtocol.Count>(new CacheProtocol.HSet("actor:h", "name", "alice"), AskTimeout)).N);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "alice" },
            (await actor.Ask<CacheProtocol.Fields>(new CacheProtocol.HGetAll("actor:h"), AskTimeout)).Items);
        Assert.Equal(2, (await actor.Ask<CacheProtocol.Count>(new CacheProtocol.RPush("actor:l", ["a", "b"]), AskTimeout)).N);
        Assert.Equal(["a", "b"], (await actor.Ask<CacheProtocol.Values>(new CacheProtocol.LRange("actor:l", 0, -1), AskTimeout)).Items);
        Assert.Equal(1, (await actor.Ask<CacheProtocol.Count>(new CacheProtocol.SAdd("actor:set", ["x", "x"]), AskTimeout)).N);
        Assert.True((await actor.Ask<CacheProtocol.Flag>(new CacheProtocol.SIsMember("actor:set", "x"), AskTimeout)).Yes);
        Assert.Equal(["v", null, "6"], (await actor.Ask<CacheProtocol.Values>(new CacheProtocol.MGet(["actor:s", "actor:missing", "actor:n"]), AskTimeout)).Items);
        Assert.Equal("v", (await actor.Ask<CacheProtocol.Raw>(new CacheProtocol.Execute(RequestKind.Read, ["GETRANGE", "actor:s", "0", "0"]), AskTimeout)).Reply.AsString());
    }

    [Fact]
    public async Task Client_actor_answers_a_server_error_with_the_typed_exception()
    {
        await using var client = await CacheClient.ConnectAsync(_system, [cluster.Master.Address]);
        var actor = _system.ActorOf(CacheClientActor.Props(client));
        await actor.Ask<CacheProtocol.Done>(new CacheProtocol.Set("actor:text", "x"), AskTimeout);

        var error = await Assert.ThrowsAsync<WrongTypeException>(() => actor.Ask<CacheProtocol.Count>(new CacheProtocol.LPush("actor:text", ["y"]), AskTimeout));

        Assert.Equal("WRONGTYPE", error.Code);
    }

    [Fact]
    public async Task Akka_Hosting_registers_the_client_actor_and_the_facade_on_the_hosts_ActorSystem()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("hosted-app", builder => builder
                .WithRemoting("127.0.0.1", 0)
                .WithCacheClient([cluster.Replica.Address], new CacheClientOptions { ReadYourWrites = true })))
            .Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var actor = await host.Services.GetRequiredService<IRequiredActor<CacheClientActor>>().GetAsync();

            await actor.Ask<CacheProtocol.Done>(new CacheProtocol.Set("hosted:k", "from-actor"), AskTimeout);
            Assert.Equal("from-actor", await system.CacheClient().GetAsync("hosted:k"));
            Assert.Equal("/user/" + CacheClientActor.Name, actor.Path.ToStringWithoutAddress());
            Assert.StartsWith("akka.tcp://hosted-app@", system.CacheClient().Address, StringComparison.Ordinal);
            Assert.Equal("from-actor", (await CommandAsync(cluster.Master, "GET", "hosted:k")).Text);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
