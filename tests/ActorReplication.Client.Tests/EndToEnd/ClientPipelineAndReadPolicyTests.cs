using ActorReplication.Client.Protocol;
using ActorReplication.Client.Routing;
using Akka.Actor;
using Akka.Configuration;
using Google.Protobuf;
using static ActorReplication.Client.Tests.EndToEnd.MasterReplicaCluster;

namespace ActorReplication.Client.Tests.EndToEnd;

/// <summary>Pipelines, the wider command set and the read policies against a real master and replica.</summary>
public sealed class ClientPipelineAndReadPolicyTests(MasterReplicaCluster cluster) : IClassFixture<MasterReplicaCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private Task<CacheClient> ConnectAsync(CacheClientOptions? options = null) =>
        CacheClient.ConnectAsync([cluster.Replica.Address], options ?? new CacheClientOptions { ReadYourWrites = true });

    [Fact]
    public async Task A_pipeline_of_many_commands_gets_every_reply_in_order_with_errors_in_their_places()
    {
        await using var client = await ConnectAsync();
        await client.DelAsync("pipe:n", "pipe:s");
        var commands = new List<CacheCommand> { CacheCommand.Set("pipe:s", "text") };
        for (var i = 0; i < 200; i++) commands.Add(CacheCommand.Incr("pipe:n"));
        commands.Add(CacheCommand.LPush("pipe:s", "x"));
        commands.Add(new CacheCommand(RequestKind.Read, ["NOSUCHCOMMAND", "a"]));
        commands.Add(CacheCommand.Get("pipe:n"));

        var replies = await client.PipelineAsync(commands);

        Assert.Equal(204, replies.Count);
        Assert.Equal("OK", replies[0].Result.AsString());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), replies.Skip(1).Take(200).Select(r => r.Result.Integer));
        Assert.IsType<WrongTypeException>(replies[201].Error);
        Assert.StartsWith("ERR unknown command 'NOSUCHCOMMAND'", replies[202].Error!.Message, StringComparison.Ordinal);
        Assert.Equal("200", replies[203].Result.AsString());
        Assert.Equal("200", (await CommandAsync(cluster.Master, "GET", "pipe:n")).Text);
    }

    [Fact]
    public async Task A_read_only_pipeline_runs_on_the_replica()
    {
        await using var client = await ConnectAsync();
        await client.MSetAsync([new("pipe:r1", "1"), new("pipe:r2", "2")]);
        var before = await CommandsProcessedAsync(cluster.Replica);

        var replies = await client.PipelineAsync([CacheCommand.Get("pipe:r1"), CacheCommand.Get("pipe:r2"), CacheCommand.Get("pipe:none")]);

        Assert.Equal(["1", "2"], replies.Take(2).Select(r => r.Result.AsString()));
        Assert.True(replies[2].Result.IsNull);
        Assert.True(await CommandsProcessedAsync(cluster.Replica) - before >= 3);
    }

    [Fact]
    public async Task Lists_sets_expiry_and_strings_answer_as_Redis_does()
    {
        await using var client = await ConnectAsync();
        await client.DelAsync("more:l", "more:a", "more:b", "more:s", "more:h", "more:n", "more:gone");

        Assert.Equal(5, await client.RPushAsync("more:l", "a", "b", "a", "c", "a"));
        Assert.Equal(5, await client.LLenAsync("more:l"));
        Assert.Equal("c", await client.LIndexAsync("more:l", -2));
        Assert.Null(await client.LIndexAsync("more:l", 99));
        await client.LSetAsync("more:l", 1, "B");
        Assert.Equal("ERR index out of range", (await Assert.ThrowsAsync<CacheServerException>(() => client.LSetAsync("more:l", 99, "x"))).Message);
        Assert.Equal(2, await client.LRemAsync("more:l", 2, "a"));
        await client.LTrimAsync("more:l", 0, 1);
        Assert.Equal(new string?[] { "B", "c" }, await client.LRangeAsync("more:l", 0, -1));

        await client.SAddAsync("more:a", "x", "y", "z");
        await client.SAddAsync("more:b", "y", "z", "w");
        Assert.Equal(3, await client.SCardAsync("more:a"));
        Assert.Equal(["y", "z"], (await client.SInterAsync("more:a", "more:b")).Order());
        Assert.Equal(["w", "x", "y", "z"], (await client.SUnionAsync("more:a", "more:b")).Order());
        Assert.Equal(new string?[] { "x" }, await client.SDiffAsync("more:a", "more:b"));
        Assert.Contains(await client.SPopAsync("more:a"), new[] { "x", "y", "z" });
        Assert.Null(await client.SPopAsync("more:none"));

        await client.SetAsync("more:s", "v");
        Assert.Null(await client.PTtlAsync("more:s"));
        Assert.True(await client.ExpireAtAsync("more:s", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.InRange(await client.PTtlAsync("more:s") ?? TimeSpan.Zero, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.True(await client.PersistAsync("more:s"));
        Assert.False(await client.PersistAsync("more:s"));
        Assert.False(await client.SetIfNotExistsAsync("more:s", "other"));
        Assert.True(await client.SetIfNotExistsAsync("more:gone", "new", TimeSpan.FromMinutes(1)));
        Assert.Equal(4, await client.AppendAsync("more:s", "alu"));
        Assert.Equal("valu", await client.GetDelAsync("more:s"));
        Assert.Equal(1, await client.ExistsAsync("more:s", "more:gone"));
        Assert.Equal(-3, await client.DecrByAsync("more:n", 3));
        Assert.Equal(-4, await client.DecrAsync("more:n"));
        Assert.Equal(5, await client.HIncrByAsync("more:h", "f", 5));
        Assert.True(await client.HExistsAsync("more:h", "f"));
        Assert.Equal(1, await client.HLenAsync("more:h"));
        await Assert.ThrowsAsync<WrongTypeException>(() => client.LLenAsync("more:h"));
    }

    [Fact]
    public async Task ReadPolicy_Master_sends_every_read_to_the_master()
    {
        await using var client = await ConnectAsync();
        await client.SetAsync("policy:m", "1");
        var onMaster = client.With(ReadPolicy.Master);
        var (master, replica) = (await HitsAsync(cluster.Master), await HitsAsync(cluster.Replica));

        for (var i = 0; i < 10; i++) Assert.Equal("1", await onMaster.GetAsync("policy:m"));

        Assert.Equal(10, await HitsAsync(cluster.Master) - master);
        Assert.Equal(0, await HitsAsync(cluster.Replica) - replica);
    }

    [Fact]
    public async Task A_consistency_token_from_one_client_makes_another_clients_replica_reads_see_the_write()
    {
        await using var writer = await ConnectAsync();
        await using var reader = await ConnectAsync(new CacheClientOptions());
        await writer.SetAsync("policy:token", "written");
        var token = ConsistencyToken.Parse(writer.LastWriteToken!.ToString());

        Assert.Equal("written", await reader.With(ReadPolicy.AfterWrite(token)).GetAsync("policy:token"));

        // A token the replica cannot reach in time: the read is served by the master instead, and still answered.
        var beyond = token with { Offset = token.Offset + 1_000_000_000 };
        var (master, replica) = (await HitsAsync(cluster.Master), await HitsAsync(cluster.Replica));
        Assert.Equal("written", await reader.With(ReadPolicy.AfterWrite(beyond)).GetAsync("policy:token"));
        Assert.Equal(1, await HitsAsync(cluster.Master) - master);
        Assert.Equal(0, await HitsAsync(cluster.Replica) - replica);
    }

    [Fact]
    public async Task The_replica_refuses_a_lag_bounded_read_while_its_link_is_down_and_serves_an_unbounded_one()
    {
        var system = ActorSystem.Create("lag", ConfigurationFactory.ParseString(
            "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }").WithFallback(ClientSerialization.Config));
        var replica = ((ExtendedActorSystem)system).Provider.ResolveActorRef(cluster.Replica.Address + "/user/client-gateway");
        var get = new CommandRequest { Args = { ByteString.CopyFromUtf8("GET"), ByteString.CopyFromUtf8("policy:lag") }, MaxLagSeconds = 3600 };
        try
        {
            Assert.False(Assert.IsType<CommandReply>(await replica.Ask(get, Timeout)).LagExceeded);

            // Point the replica at a port nobody listens on: its link goes down and stays down.
            var dead = HoconClusterNodeFreePort();
            await CommandAsync(cluster.Replica, "REPLICAOF", "127.0.0.1", dead.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var refused = Assert.IsType<CommandReply>(await replica.Ask(get, Timeout));
            var unbounded = Assert.IsType<CommandReply>(await replica.Ask(new CommandRequest { Args = { get.Args } }, Timeout));

            Assert.True(refused.LagExceeded);
            Assert.True(refused.Resp.IsEmpty);
            Assert.False(unbounded.LagExceeded);
            Assert.Equal("$-1\r\n", unbounded.Resp.ToStringUtf8());
        }
        finally
        {
            await CommandAsync(cluster.Replica, "REPLICAOF", "127.0.0.1", cluster.Master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await WaitForLinkAsync(cluster.Replica);
            await system.Terminate();
        }
    }

    private static int HoconClusterNodeFreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<long> CommandsProcessedAsync(Integration.Tests.Infrastructure.ServerProcess node) =>
        long.Parse((await InfoAsync(node, "stats"))["total_commands_processed"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many reads found their key on the node (INFO stats keyspace_hits): only the tests' GETs do here.</summary>
    private static async Task<long> HitsAsync(Integration.Tests.Infrastructure.ServerProcess node) =>
        long.Parse((await InfoAsync(node, "stats"))["keyspace_hits"], System.Globalization.CultureInfo.InvariantCulture);
}
