using ActorReplication.Client.Protocol;
using ActorReplication.Client.Routing;
using Akka.Actor;
using Akka.Configuration;
using Google.Protobuf;

namespace ActorReplication.Client.Tests.UserSystem;

/// <summary>
/// Pipelines against a stand-in master (an in-process ActorSystem named <c>node</c> on loopback): one message per
/// pipeline, the one-by-one fallback for a 1.1 node, and what is retried when no reply comes.
/// </summary>
public sealed class PipelineSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly ActorSystem _node = ActorSystem.Create("node", ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """).WithFallback(ClientSerialization.Config));

    private static readonly CacheClientOptions Quick = new()
    {
        RequestTimeout = TimeSpan.FromMilliseconds(500),
        RetryBudget = TimeSpan.FromSeconds(2),
        TopologyRefreshInterval = TimeSpan.FromMinutes(10),
    };

    public PipelineSpec() : base(ClientOnUserSystemSpec.RemoteConfig, "user-app")
    {
    }

    protected override void AfterAll()
    {
        _node.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private string Address => ((ExtendedActorSystem)_node).Provider.DefaultAddress.ToString();

    /// <summary>A master that answers topology queries with <paramref name="version"/>, shows the test every command message, and answers it or not.</summary>
    private void StartMaster(ProtocolVersion version, bool answerCommands) =>
        _node.ActorOf(Props.Create(() => new StandInMaster(Address, version, answerCommands, TestActor)), "client-gateway");

    [Fact]
    public async Task A_pipeline_must_reach_the_node_as_one_message_with_its_commands_in_order()
    {
        StartMaster(GatewayProtocol.Current, answerCommands: true);
        await using var client = await CacheClient.ConnectAsync(Sys, [Address], Quick);

        var replies = await client.PipelineAsync([CacheCommand.Set("a", "1"), CacheCommand.Incr("n"), CacheCommand.Get("a")]);

        var batch = ExpectMsg<CommandBatchRequest>();
        Assert.Equal(["SET a 1", "INCR n", "GET a"], batch.Commands.Select(c => string.Join(' ', c.Args.Select(a => a.ToStringUtf8()))));
        Assert.Equal(3, replies.Count);
        Assert.Equal("OK", replies[0].Result.AsString());
        Assert.IsType<WrongTypeException>(replies[1].Error);
        Assert.Equal("1", replies[2].Result.AsString());
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_pipeline_must_go_one_command_at_a_time_in_order_to_a_node_without_batches()
    {
        StartMaster(new ProtocolVersion { Major = 1, Minor = 1 }, answerCommands: true);
        await using var client = await CacheClient.ConnectAsync(Sys, [Address], Quick);

        var replies = await client.PipelineAsync([CacheCommand.Set("a", "1"), CacheCommand.Incr("n"), CacheCommand.Get("a")]);

        Assert.Equal("SET", ExpectMsg<CommandRequest>().Args[0].ToStringUtf8());
        Assert.Equal("INCR", ExpectMsg<CommandRequest>().Args[0].ToStringUtf8());
        Assert.Equal("GET", ExpectMsg<CommandRequest>().Args[0].ToStringUtf8());
        Assert.Equal("1", replies[2].Result.AsString());
    }

    [Fact]
    public async Task A_pipeline_with_a_write_that_gets_no_reply_must_raise_a_timeout_and_never_be_sent_again()
    {
        StartMaster(GatewayProtocol.Current, answerCommands: false);
        await using var client = await CacheClient.ConnectAsync(Sys, [Address], Quick);

        await Assert.ThrowsAsync<CacheTimeoutException>(() => client.PipelineAsync([CacheCommand.Get("a"), CacheCommand.Incr("n")]));

        ExpectMsg<CommandBatchRequest>();
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_read_only_pipeline_that_gets_no_reply_must_be_tried_again()
    {
        StartMaster(GatewayProtocol.Current, answerCommands: false);
        await using var client = await CacheClient.ConnectAsync(Sys, [Address], Quick);

        await Assert.ThrowsAnyAsync<CacheException>(() => client.PipelineAsync([CacheCommand.Get("a"), CacheCommand.Get("b")]));

        ExpectMsg<CommandBatchRequest>();
        ExpectMsg<CommandBatchRequest>(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// A master that says so, with the test's protocol version. Commands: SET answers +OK, INCR -WRONGTYPE, GET "1";
    /// or no answer at all. After a timeout the client suspects it and asks for the topology again, which it answers.
    /// </summary>
    private sealed class StandInMaster : ReceiveActor
    {
        public StandInMaster(string address, ProtocolVersion version, bool answerCommands, IActorRef observer)
        {
            Receive<TopologyRequest>(_ => Sender.Tell(new TopologyReply
            {
                Address = address, RespEndpoint = "127.0.0.1:6379", ReplId = new string('a', 40), Version = version,
            }));
            Receive<CommandRequest>(request =>
            {
                observer.Tell(request);
                if (answerCommands) Sender.Tell(new CommandReply { Resp = ByteString.CopyFromUtf8(Answer(request)) });
            });
            Receive<CommandBatchRequest>(batch =>
            {
                observer.Tell(batch);
                if (answerCommands) Sender.Tell(new CommandBatchReply { Resp = ByteString.CopyFromUtf8(string.Concat(batch.Commands.Select(Answer))) });
            });
        }

        private static string Answer(CommandRequest request) => request.Args[0].ToStringUtf8() switch
        {
            "SET" => "+OK\r\n",
            "INCR" => "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            _ => "$1\r\n1\r\n",
        };
    }
}
