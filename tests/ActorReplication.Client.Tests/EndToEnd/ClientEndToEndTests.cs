using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using ActorReplication.Client.Protocol;
using ActorReplication.Client.Routing;
using ActorReplication.Integration.Tests.Replication;
using Google.Protobuf;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>The client against a real master and replica: discovery, routing, the commands, errors, and bad input.</summary>
public sealed class ClientEndToEndTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private Task<CacheClient> ConnectAsync(CacheClientOptions? options = null) =>
        CacheClient.ConnectAsync([cluster.Replica.Address], options ?? new CacheClientOptions { ReadYourWrites = true });

    [Fact]
    public async Task Client_discovers_the_master_and_its_replica_from_one_seed()
    {
        await using var client = await ConnectAsync();

        Assert.Equal(RespEndpoint(cluster.Master), client.Topology.Master?.RespEndpoint);
        Assert.Equal([RespEndpoint(cluster.Replica)], client.Topology.Replicas.Select(r => r.RespEndpoint));
    }

    [Fact]
    public async Task Client_writes_on_the_master_and_reads_its_writes_from_the_replica()
    {
        await using var client = await ConnectAsync();
        var before = await CommandsProcessedAsync(cluster.Replica);

        await client.SetAsync("e2e:greeting", "hello");
        for (var i = 0; i < 20; i++) Assert.Equal("hello", await client.GetAsync("e2e:greeting"));

        Assert.Equal("hello", (await CommandAsync(cluster.Master, "GET", "e2e:greeting")).Text);
        // The 20 reads ran on the replica (plus our own INFO calls).
        Assert.True(await CommandsProcessedAsync(cluster.Replica) - before >= 20);
    }

    [Fact]
    public async Task Client_runs_string_key_hash_list_and_set_commands_with_Redis_replies()
    {
        await using var client = await ConnectAsync();

        await client.DelAsync("e2e:n", "e2e:s", "e2e:h", "e2e:l", "e2e:set", "e2e:a", "e2e:b");
        Assert.Equal(1, await client.IncrAsync("e2e:n"));
        Assert.Equal(11, await client.IncrByAsync("e2e:n", 10));
        await client.SetAsync("e2e:s", "v", TimeSpan.FromSeconds(100));
        Assert.InRange(await client.TtlAsync("e2e:s"), 1, 100);
        Assert.Equal(-1, await client.TtlAsync("e2e:n"));
        Assert.Equal(-2, await client.TtlAsync("e2e:missing"));
        Assert.True(await client.ExpireAsync("e2e:n", TimeSpan.FromSeconds(50)));
        Assert.False(await client.ExpireAsync("e2e:missing", TimeSpan.FromSeconds(50)));
        await client.MSetAsync([new("e2e:a", "1"), new("e2e:b", "2")]);
        Assert.Equal(new string?[] { "1", null, "2" }, await client.MGetAsync("e2e:a", "e2e:missing", "e2e:b"));
        Assert.Null(await client.GetAsync("e2e:missing"));

        Assert.Equal(1, await client.HSetAsync("e2e:h", "name", "alice"));
        Assert.Equal(1, await client.HSetAsync("e2e:h", [new("age", "30"), new("name", "bob")]));
        Assert.Equal("bob", await client.HGetAsync("e2e:h", "name"));
        Assert.Equal(new Dictionary<string, string> { ["name"] = "bob", ["age"] = "30" }, await client.HGetAllAsync("e2e:h"));
        Assert.Equal(1, await client.HDelAsync("e2e:h", "age", "nope"));

        Assert.Equal(2, await client.RPushAsync("e2e:l", "b", "c"));
        Assert.Equal(3, await client.LPushAsync("e2e:l", "a"));
        Assert.Equal(new string?[] { "a", "b", "c" }, await client.LRangeAsync("e2e:l", 0, -1));
        Assert.Equal("a", await client.LPopAsync("e2e:l"));
        Assert.Equal("c", await client.RPopAsync("e2e:l"));

        Assert.Equal(2, await client.SAddAsync("e2e:set", "x", "y", "x"));
        Assert.True(await client.SIsMemberAsync("e2e:set", "x"));
        Assert.Equal(1, await client.SRemAsync("e2e:set", "x"));
        Assert.Equal(new string?[] { "y" }, await client.SMembersAsync("e2e:set"));

        Assert.Equal(6, await client.DelAsync("e2e:n", "e2e:s", "e2e:h", "e2e:l", "e2e:set", "e2e:a"));
    }

    [Fact]
    public async Task Client_raises_Redis_errors_as_typed_exceptions_with_Redis_text()
    {
        await using var client = await ConnectAsync();
        await client.SetAsync("e2e:str", "x");

        var wrongType = await Assert.ThrowsAsync<WrongTypeException>(() => client.LPushAsync("e2e:str", "a"));
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", wrongType.Message);
        var unknown = await Assert.ThrowsAsync<CacheServerException>(() => client.ExecuteAsync(RequestKind.Read, "NOPE", "a"));
        Assert.Equal("ERR unknown command 'NOPE', with args beginning with: 'a' ", unknown.Message);
        var server = await Assert.ThrowsAsync<CacheServerException>(() => client.ExecuteAsync(RequestKind.Read, "INFO"));
        Assert.Equal("ERR 'INFO' is not served by the client gateway; use RESP", server.Message);
        var select = await Assert.ThrowsAsync<CacheServerException>(() => client.ExecuteAsync(RequestKind.Write, "SELECT", "1"));
        Assert.Contains("not served by the client gateway", select.Message);
        Assert.Equal("x", await client.GetAsync("e2e:str"));
    }

    [Fact]
    public async Task Client_gets_NoReplicas_when_the_master_wants_more_replicas_than_it_has()
    {
        await using var client = await ConnectAsync();
        Assert.Equal("OK", (await CommandAsync(cluster.Master, "CONFIG", "SET", "min-replicas-to-write", "2")).Text);
        try
        {
            // The master recounts its good replicas every second: wait for the refusal, bounded.
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await client.SetAsync("e2e:guarded", "1");
                    return false;
                }
                catch (NoReplicasException e)
                {
                    return e.Message == "NOREPLICAS Not enough good replicas to write.";
                }
            }, Timeout, () => Task.FromResult("a NOREPLICAS refusal"));
        }
        finally
        {
            await CommandAsync(cluster.Master, "CONFIG", "SET", "min-replicas-to-write", "0");
        }
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.SetAsync("e2e:guarded", "2");
                return true;
            }
            catch (NoReplicasException)
            {
                return false;
            }
        }, Timeout, () => Task.FromResult("writes accepted again"));
    }

    [Fact]
    public async Task Gateway_answers_stranger_messages_and_malformed_requests_with_clear_errors()
    {
        var system = RemoteSystem("stranger");
        try
        {
            var gateway = Resolve(system, cluster.Master.Address + "/user/client-gateway");

            var stranger = Assert.IsType<GatewayError>(await gateway.Ask("hello", Timeout));
            Assert.Equal("ERR the client gateway does not serve String messages", stranger.Message);
            var empty = Assert.IsType<CommandReply>(await gateway.Ask(new CommandRequest(), Timeout));
            Assert.Equal("-ERR empty command\r\n", empty.Resp.ToStringUtf8());
            var arity = Assert.IsType<CommandReply>(await gateway.Ask(Request("GET"), Timeout));
            Assert.Equal("-ERR wrong number of arguments for 'get' command\r\n", arity.Resp.ToStringUtf8());

            // The node is unharmed.
            var ping = Assert.IsType<CommandReply>(await gateway.Ask(Request("SET", "e2e:after", "ok"), Timeout));
            Assert.Equal("+OK\r\n", ping.Resp.ToStringUtf8());
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Gateway_serves_clients_one_minor_version_apart_and_refuses_further_naming_both_versions()
    {
        var system = RemoteSystem("versions");
        try
        {
            var gateway = Resolve(system, cluster.Master.Address + "/user/client-gateway");
            var node = GatewayProtocol.Describe(GatewayProtocol.Current);

            var (major, minor) = (GatewayProtocol.Current.Major, GatewayProtocol.Current.Minor);
            foreach (var served in new ProtocolVersion[] { new() { Major = major, Minor = minor - 1 }, GatewayProtocol.Current, new() { Major = major, Minor = minor + 1 } })
            {
                var reply = Assert.IsType<TopologyReply>(await gateway.Ask(new TopologyRequest { Version = served }, Timeout));
                Assert.Equal(GatewayProtocol.Current, reply.Version);
                Assert.Equal(RespEndpoint(cluster.Master), reply.RespEndpoint);
            }
            foreach (var refused in new ProtocolVersion[] { new() { Major = major, Minor = minor + 2 }, new() { Major = major, Minor = minor - 2 }, new() { Major = major + 1, Minor = minor } })
            {
                var error = Assert.IsType<GatewayError>(await gateway.Ask(new TopologyRequest { Version = refused }, Timeout));
                Assert.Equal(GatewayProtocol.Current, error.Version);
                Assert.Equal($"ERR client gateway protocol {GatewayProtocol.Describe(refused)} cannot talk to node protocol {node}: " +
                    "the major versions must match and the minor versions be at most one apart; upgrade the older side", error.Message);
            }
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Gateway_waits_for_an_offset_and_answers_when_reached_or_timed_out()
    {
        var system = RemoteSystem("waiter");
        try
        {
            var master = Resolve(system, cluster.Master.Address + "/user/client-gateway");
            var replica = Resolve(system, cluster.Replica.Address + "/user/client-gateway");
            var write = Request("SET", "e2e:waited", "1");
            write.WantOffset = true;
            var written = Assert.IsType<CommandReply>(await master.Ask(write, Timeout));
            Assert.True(written.Offset > 0);

            var reached = Assert.IsType<WaitOffsetReply>(await replica.Ask(
                new WaitOffsetRequest { Offset = written.Offset, ReplId = written.ReplId, TimeoutMs = 20_000 }, Timeout));
            Assert.True(reached.Reached, $"replica at {reached.Offset} of {reached.ReplId}, wanted {written.Offset} of {written.ReplId}");
            var beyond = Assert.IsType<WaitOffsetReply>(await replica.Ask(
                new WaitOffsetRequest { Offset = written.Offset + 1_000_000_000, ReplId = written.ReplId, TimeoutMs = 50 }, Timeout));
            Assert.False(beyond.Reached);
            foreach (var other in new[] { "0000000000000000000000000000000000000000", "ffffffffffffffffffffffffffffffffffffffff" })
            {
                var otherHistory = Assert.IsType<WaitOffsetReply>(await replica.Ask(new WaitOffsetRequest { Offset = 1, ReplId = other, TimeoutMs = 0 }, Timeout));
                Assert.False(otherHistory.Reached, other);
            }
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>A plain Akka.Remote ActorSystem of the test's own, as a stranger or a user's application would have.</summary>
    private static ActorSystem RemoteSystem(string name) => ActorSystem.Create(name, ConfigurationFactory.ParseString(
        "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }").WithFallback(ClientSerialization.Config));

    private static IActorRef Resolve(ActorSystem system, string path) => ((ExtendedActorSystem)system).Provider.ResolveActorRef(path);

    private static CommandRequest Request(params string[] args)
    {
        var request = new CommandRequest();
        foreach (var arg in args) request.Args.Add(ByteString.CopyFromUtf8(arg));
        return request;
    }

    private static async Task<long> CommandsProcessedAsync(Integration.Tests.Infrastructure.ServerProcess node) =>
        long.Parse((await InfoAsync(node, "stats"))["total_commands_processed"], CultureInfo.InvariantCulture);
}
