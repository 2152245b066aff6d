using System.Text;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Dispatch;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;
using Akka.Actor;
using Akka.Configuration;
using static ActorReplication.Cache.Actors.KeyspaceReplication;

namespace ActorReplication.Cache.Tests.Transactions;

/// <summary>
/// MULTI / EXEC / DISCARD / WATCH / UNWATCH through the keyspace actor, with two clients, a manual clock and a feed
/// sink, against the replies and the replication stream Redis 7.0 gives (checked by hand against redis-server 7.0).
/// </summary>
public sealed class TransactionSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ManualClock _clock = new();
    private readonly KeyspaceEngine _engine;
    private readonly IActorRef _keyspace;
    private readonly TestClient _a = new();
    private readonly TestClient _b = new();

    public TransactionSpec() : base(KeyspaceDispatcher.Config.WithFallback(ConfigurationFactory.Default()))
    {
        _engine = new KeyspaceEngine(new KeyspaceSettings { Databases = 4, RandomSeed = 1 }, _clock);
        _keyspace = Sys.ActorOf(KeyspaceActor.Props(_engine, PingOnly.Instance, new ServerStats(), passwordRequired: false));
    }

    [Fact]
    public void Queued_commands_answer_QUEUED_and_EXEC_answers_their_replies_with_runtime_errors_in_place()
    {
        Assert.Equal("+OK\r\n", Run(_a, "MULTI"));
        Assert.Equal("+QUEUED\r\n", Run(_a, "SET", "s", "x"));
        Assert.Equal("+QUEUED\r\n", Run(_a, "INCR", "s"));
        Assert.Equal("+QUEUED\r\n", Run(_a, "PING"));
        Assert.Equal("+QUEUED\r\n", Run(_a, "GET", "s"));
        Assert.Equal("*4\r\n+OK\r\n-ERR value is not an integer or out of range\r\n+PONG\r\n$1\r\nx\r\n", Run(_a, "EXEC"));
        Assert.Equal("-ERR EXEC without MULTI\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void Queued_commands_see_nothing_until_EXEC()
    {
        Run(_a, "MULTI");
        Run(_a, "SET", "k", "1");
        Assert.Equal("$-1\r\n", Run(_b, "GET", "k"));
        Run(_a, "EXEC");
        Assert.Equal("$1\r\n1\r\n", Run(_b, "GET", "k"));
    }

    [Fact]
    public void A_command_that_fails_to_queue_makes_EXEC_abort_and_runs_nothing()
    {
        Run(_a, "MULTI");
        Assert.Equal("-ERR unknown command 'FOO', with args beginning with: 'x' \r\n", Run(_a, "FOO", "x"));
        Assert.Equal("-ERR wrong number of arguments for 'set' command\r\n", Run(_a, "SET", "a"));
        Assert.Equal("+QUEUED\r\n", Run(_a, "SET", "a", "1"));
        Assert.Equal("-EXECABORT Transaction discarded because of previous errors.\r\n", Run(_a, "EXEC"));
        Assert.Equal(":0\r\n", Run(_a, "EXISTS", "a"));
        Assert.Equal("-ERR EXEC without MULTI\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void Nested_MULTI_and_WATCH_inside_MULTI_are_errors_that_leave_the_transaction_intact()
    {
        Run(_a, "MULTI");
        Assert.Equal("-ERR MULTI calls can not be nested\r\n", Run(_a, "MULTI"));
        Assert.Equal("-ERR WATCH inside MULTI is not allowed\r\n", Run(_a, "WATCH", "x"));
        Run(_a, "SET", "a", "1");
        Assert.Equal("*1\r\n+OK\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void EXEC_and_DISCARD_without_MULTI_and_wrong_arities_answer_as_Redis()
    {
        Assert.Equal("-ERR EXEC without MULTI\r\n", Run(_a, "EXEC"));
        Assert.Equal("-ERR DISCARD without MULTI\r\n", Run(_a, "DISCARD"));
        Assert.Equal("-ERR wrong number of arguments for 'watch' command\r\n", Run(_a, "WATCH"));
        Assert.Equal("-ERR wrong number of arguments for 'multi' command\r\n", Run(_a, "MULTI", "x"));
        Run(_a, "MULTI");
        Assert.Equal("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n", Run(_a, "EXEC", "x"));
        Assert.Equal("-ERR EXEC without MULTI\r\n", Run(_a, "EXEC"));
        Run(_a, "MULTI");
        Run(_a, "SET", "a", "1");
        Assert.Equal("+OK\r\n", Run(_a, "DISCARD"));
        Assert.Equal(":0\r\n", Run(_a, "EXISTS", "a"));
    }

    [Fact]
    public void A_watched_key_written_by_another_client_makes_EXEC_answer_a_null_array()
    {
        Run(_a, "SET", "x", "1");
        Run(_a, "WATCH", "x");
        Run(_b, "SET", "x", "2");
        Run(_a, "MULTI");
        Run(_a, "SET", "x", "3");
        Assert.Equal("*-1\r\n", Run(_a, "EXEC"));
        Assert.Equal("$1\r\n2\r\n", Run(_a, "GET", "x"));

        // The watch ended with EXEC; in RESP3 the failed EXEC is a null.
        _a.Protocol = RespProtocol.Resp3;
        Run(_a, "WATCH", "x");
        Run(_b, "APPEND", "x", "y");
        Run(_a, "MULTI");
        Assert.Equal("_\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void Writes_that_change_nothing_leave_a_watch_intact()
    {
        Run(_a, "SET", "x", "1");
        Run(_a, "SADD", "s", "m");
        Run(_a, "WATCH", "x", "s", "nokey");
        Run(_b, "SET", "x", "2", "NX");
        Run(_b, "SADD", "s", "m");
        Run(_b, "DEL", "nokey", "other");
        Run(_b, "SET", "y", "1");
        Run(_a, "MULTI");
        Run(_a, "GET", "x");
        Assert.Equal("*1\r\n$1\r\n1\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void In_place_changes_expiry_changes_and_deletions_touch_a_watched_key()
    {
        string[][] touches =
        [
            ["LPUSH", "k", "b"], ["EXPIRE", "k", "100"], ["DEL", "k"], ["RENAME", "k", "k2"], ["LPOP", "k"],
        ];
        foreach (var touch in touches)
        {
            Run(_a, "DEL", "k", "k2");
            Run(_a, "RPUSH", "k", "a");
            Run(_a, "WATCH", "k");
            Run(_b, touch);
            Run(_a, "MULTI");
            Assert.True(Run(_a, "EXEC") == "*-1\r\n", $"{string.Join(' ', touch)} did not touch the watched key");
        }
    }

    [Fact]
    public void A_watched_key_that_expires_fails_EXEC_but_one_already_expired_when_watched_does_not()
    {
        Run(_a, "SET", "e", "1", "PX", "50");
        Run(_a, "WATCH", "e");
        _clock.Advance(100);
        Run(_a, "MULTI");
        Assert.Equal("*-1\r\n", Run(_a, "EXEC"));

        Run(_a, "SET", "e", "1", "PX", "50");
        _clock.Advance(100);
        Run(_a, "WATCH", "e");
        Assert.Equal("$-1\r\n", Run(_b, "GET", "e")); // deletes the stale key: no logical change
        Assert.Equal(":0\r\n", Run(_b, "EXISTS", "e"));
        Run(_a, "MULTI");
        Assert.Equal("*1\r\n+PONG\r\n", RunBatch(_a, ["PING"], ["EXEC"])[("+QUEUED\r\n".Length)..]);

        Run(_a, "SET", "e", "1", "PX", "50");
        _clock.Advance(100);
        Run(_a, "WATCH", "e");
        Run(_b, "SET", "e", "2");
        Run(_a, "MULTI");
        Assert.Equal("*-1\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void FLUSHDB_FLUSHALL_and_SWAPDB_touch_watched_keys_that_exist_on_either_side()
    {
        Run(_a, "SET", "x", "1");
        Run(_a, "WATCH", "x");
        Run(_b, "FLUSHDB");
        Run(_a, "MULTI");
        Assert.Equal("*-1\r\n", Run(_a, "EXEC"));

        Run(_a, "WATCH", "absent");
        Run(_b, "FLUSHALL");
        Run(_a, "MULTI");
        Assert.Equal("*0\r\n", Run(_a, "EXEC"));

        Run(_a, "SET", "x", "1");
        Run(_a, "WATCH", "x");
        Run(_b, "SELECT", "3");
        Run(_b, "FLUSHDB"); // another database
        Run(_a, "MULTI");
        Assert.Equal("*0\r\n", Run(_a, "EXEC"));

        Run(_b, "FLUSHALL");
        Run(_a, "WATCH", "x");
        Run(_b, "SET", "x", "in-3"); // client b is on database 3
        Run(_b, "SWAPDB", "0", "3");
        Run(_a, "MULTI");
        Assert.Equal("*-1\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void UNWATCH_and_DISCARD_end_the_watch()
    {
        Run(_a, "WATCH", "x");
        Run(_a, "UNWATCH");
        Run(_b, "SET", "x", "1");
        Run(_a, "MULTI");
        Assert.Equal("*0\r\n", Run(_a, "EXEC"));

        Run(_a, "WATCH", "x");
        Run(_a, "MULTI");
        Run(_a, "DISCARD");
        Run(_b, "SET", "x", "2");
        Run(_a, "MULTI");
        Assert.Equal("*0\r\n", Run(_a, "EXEC"));
    }

    [Fact]
    public void EXEC_propagates_two_or_more_writes_as_one_MULTI_EXEC_block_after_its_SELECT()
    {
        var sink = CreateTestProbe();
        _keyspace.Tell(new AttachFeed(sink.Ref));
        RunBatch(_a, ["MULTI"], ["SET", "a", "1"], ["GET", "a"], ["SELECT", "2"], ["INCR", "n"], ["EXEC"]);
        Assert.Equal(
            Resp(["SELECT", "0"], ["MULTI"], ["SET", "a", "1"], ["SELECT", "2"], ["INCR", "n"], ["EXEC"]),
            Encoding.Latin1.GetString(sink.ExpectMsg<Propagate>(Deadline).Bytes));

        // One write goes alone, a read-only transaction propagates nothing.
        RunBatch(_a, ["MULTI"], ["SET", "b", "1"], ["EXEC"], ["MULTI"], ["GET", "b"], ["EXEC"]);
        Assert.Equal(Resp(["SET", "b", "1"]), Encoding.Latin1.GetString(sink.ExpectMsg<Propagate>(Deadline).Bytes));
        RunBatch(_a, ["MULTI"], ["GET", "b"], ["EXEC"]);
        sink.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_replica_applies_a_transaction_of_its_masters_stream_only_once_its_EXEC_arrives()
    {
        var sink = CreateTestProbe();
        _keyspace.Tell(new AttachFeed(sink.Ref));
        _keyspace.Tell(new SetReplicaMode(IsReplica: true));
        var first = Resp(["SELECT", "0"], ["SET", "before", "1"], ["MULTI"], ["SET", "a", "1"], ["INCR", "n"]);
        var second = Resp(["SET", "b", "2"], ["EXEC"], ["SET", "after", "1"]);
        var cut = first.Length + 5; // inside the last SET
        var stream = Encoding.Latin1.GetBytes(first + second);
        _keyspace.Tell(new ApplyStream(stream[..cut]));
        Assert.Equal("*4\r\n$1\r\n1\r\n$-1\r\n$-1\r\n$-1\r\n", RunBatch(_b, ["MGET", "before", "a", "n", "b"]));
        Assert.Equal(Resp(["SELECT", "0"], ["SET", "before", "1"]), Encoding.Latin1.GetString(sink.ExpectMsg<Propagate>(Deadline).Bytes));

        _keyspace.Tell(new ApplyStream(stream[cut..]));
        Assert.Equal("*5\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n", RunBatch(_b, ["MGET", "before", "a", "n", "b", "after"]));
        Assert.Equal(Resp(["MULTI"], ["SET", "a", "1"], ["INCR", "n"]) + second, Encoding.Latin1.GetString(sink.ExpectMsg<Propagate>(Deadline).Bytes));
    }

    [Fact]
    public void On_a_read_only_replica_a_queued_write_is_refused_and_EXEC_aborts()
    {
        _keyspace.Tell(new SetReplicaMode(IsReplica: true));
        Run(_a, "MULTI");
        Assert.Equal("+QUEUED\r\n", Run(_a, "GET", "x"));
        Assert.Equal("-READONLY You can't write against a read only replica.\r\n", Run(_a, "SET", "x", "1"));
        Assert.Equal("-EXECABORT Transaction discarded because of previous errors.\r\n", Run(_a, "EXEC"));
    }

    private static string Resp(params string[][] commands)
    {
        var sb = new StringBuilder();
        foreach (var command in commands)
        {
            sb.Append('*').Append(command.Length).Append("\r\n");
            foreach (var arg in command) sb.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
        }
        return sb.ToString();
    }

    private string Run(TestClient client, params string[] command) => RunBatch(client, command);

    /// <summary>One batch from a plain thread (as a connection's I/O thread), awaited with a deadline.</summary>
    private string RunBatch(TestClient client, params string[][] commands)
    {
        using var requests = new RespRequestBatch();
        foreach (var c in commands) requests.Add(c);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var batch = new ExecuteBatch(requests, client, new RespWriter(output));
        var done = batch.Prepare();
        _keyspace.Tell(batch);
        Assert.True(done.AsTask().Wait(Deadline), "the batch was not executed in time");
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    private sealed class TestClient : IClientState
    {
        public ClientSession Session { get; } = new();

        public RespProtocol Protocol { get; set; } = RespProtocol.Resp2;

        public bool IsAuthenticated => true;

        public bool CloseRequested => false;
    }

    private sealed class PingOnly : IServerCommands
    {
        public static readonly PingOnly Instance = new();

        public bool TryExecute(IClientState client, in RespCommand command, RespWriter reply)
        {
            if (command.Id != CommandId.Ping) return false;
            reply.WritePong();
            return true;
        }

        public bool RejectBeforeAuth(in RespCommand command, RespWriter reply)
        {
            if (command.Id == CommandId.Ping) return false;
            KeyspaceEngine.WriteUnknownCommand(command, reply);
            return true;
        }

        public bool IsAllowedWithoutAuth(in RespCommand command) => true;
    }
}
