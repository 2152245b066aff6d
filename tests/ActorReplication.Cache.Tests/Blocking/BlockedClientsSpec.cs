using System.Buffers;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Dispatch;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Tests.Blocking;

/// <summary>
/// Clients parked by the keyspace actor and the connection's side of the wait (<see cref="BlockedBatches"/>), on
/// Akka's virtual scheduler: served in arrival order by a later push, timed out, unblocked by CLIENT UNBLOCK, dropped
/// when their connection closes. Each client is a batch with its own reply buffer, as a RESP connection has.
/// </summary>
public sealed class BlockedClientsSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ServerStats _stats = new();
    private readonly IActorRef _keyspace;

    public BlockedClientsSpec()
        : base(ConfigurationFactory.ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
            .WithFallback(KeyspaceDispatcher.Config))
    {
        var engine = new KeyspaceEngine(new KeyspaceSettings { RandomSeed = 1 }, new ManualClock(1_700_000_000_000));
        _keyspace = Sys.ActorOf(KeyspaceActor.Props(engine, new NoServerCommands(), _stats, passwordRequired: false));
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Clients_blocked_on_a_key_are_served_in_arrival_order_by_a_later_push()
    {
        var first = new Client(1);
        var second = new Client(2);
        Assert.True(await first.Send(_keyspace, "BLPOP k 0"));
        Assert.True(await second.Send(_keyspace, "BLPOP k 0"));
        var firstWait = first.WaitOut(_keyspace, Scheduler);
        var secondWait = second.WaitOut(_keyspace, Scheduler);
        Assert.Equal(2, _stats.BlockedClients);

        var pusher = new Client(3);
        Assert.False(await pusher.Send(_keyspace, "RPUSH k a", "LLEN k"));
        Assert.Equal(":1\r\n:0\r\n", pusher.TakeReplies()); // the push served the first client before LLEN ran
        await firstWait.WaitAsync(Deadline);
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\na\r\n", first.TakeReplies());
        Assert.False(secondWait.IsCompleted);

        Assert.False(await pusher.Send(_keyspace, "LPUSH k b c"));
        await secondWait.WaitAsync(Deadline);
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\nc\r\n", second.TakeReplies());
        Assert.False(await pusher.Send(_keyspace, "LRANGE k 0 -1"));
        Assert.Equal(":2\r\n*1\r\n$1\r\nb\r\n", pusher.TakeReplies());
        Assert.Equal(0, _stats.BlockedClients);
    }

    [Fact]
    public async Task The_commands_after_a_blocking_one_run_once_it_is_served()
    {
        var blocked = new Client(1);
        Assert.True(await blocked.Send(_keyspace, "EXISTS src", "BLMOVE src dst RIGHT LEFT 0", "LLEN dst"));
        Assert.Equal(":0\r\n", blocked.TakeReplies());
        var wait = blocked.WaitOut(_keyspace, Scheduler);

        var pusher = new Client(2);
        await pusher.Send(_keyspace, "RPUSH src 1 2");
        await wait.WaitAsync(Deadline);
        Assert.Equal("$1\r\n2\r\n:1\r\n", blocked.TakeReplies());
    }

    [Fact]
    public async Task A_served_blocking_move_breaks_the_watch_on_its_destination_at_once()
    {
        var watcher = new Client(1);
        await watcher.Send(_keyspace, "WATCH dst");
        var blocked = new Client(2);
        Assert.True(await blocked.Send(_keyspace, "BRPOPLPUSH src dst 0"));
        var wait = blocked.WaitOut(_keyspace, Scheduler);
        await new Client(3).Send(_keyspace, "RPUSH src a");
        await wait.WaitAsync(Deadline);
        watcher.TakeReplies();

        await watcher.Send(_keyspace, "MULTI", "GET x", "EXEC");
        Assert.Equal("+OK\r\n+QUEUED\r\n*-1\r\n", watcher.TakeReplies());
    }

    [Fact]
    public async Task A_blocked_client_gets_the_null_array_when_its_timeout_passes_on_the_scheduler()
    {
        var blocked = new Client(1);
        Assert.True(await blocked.Send(_keyspace, "BZPOPMIN z 1.5", "EXISTS z"));
        var wait = blocked.WaitOut(_keyspace, Scheduler);

        Scheduler.Advance(TimeSpan.FromMilliseconds(1499));
        await new Client(2).Send(_keyspace, "DBSIZE"); // the keyspace has handled whatever the scheduler told it
        Assert.False(wait.IsCompleted);

        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(Deadline);
        Assert.Equal("*-1\r\n:0\r\n", blocked.TakeReplies());
        Assert.Equal(0, _stats.BlockedClients);
    }

    [Fact]
    public async Task A_timeout_that_fires_after_the_client_was_served_changes_nothing()
    {
        var blocked = new Client(1);
        Assert.True(await blocked.Send(_keyspace, "BLPOP k 1", "BLPOP k 0"));
        var wait = blocked.WaitOut(_keyspace, Scheduler);
        await new Client(2).Send(_keyspace, "RPUSH k a");
        // Served, then blocked again by the second BLPOP: the first block's timer must not end the second block.
        await AwaitConditionAsync(() => Task.FromResult(_stats.BlockedClients == 1 && blocked.Peek().Length > 0), Deadline);
        _keyspace.Tell(new UnblockClient(blocked.Batch, 1, UnblockReason.Timeout));
        Scheduler.Advance(TimeSpan.FromSeconds(5));
        await new Client(3).Send(_keyspace, "DBSIZE");
        Assert.False(wait.IsCompleted);
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\na\r\n", blocked.TakeReplies());

        await new Client(3).Send(_keyspace, "RPUSH k b");
        await wait.WaitAsync(Deadline);
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\nb\r\n", blocked.TakeReplies());
    }

    [Fact]
    public async Task A_blocked_client_whose_connection_closes_is_removed_and_never_served()
    {
        var gone = new Client(1);
        var waiting = new Client(2);
        Assert.True(await gone.Send(_keyspace, "BLPOP k 0"));
        Assert.True(await waiting.Send(_keyspace, "BLPOP k 0"));
        using var closed = new CancellationTokenSource();
        var goneWait = gone.WaitOut(_keyspace, Scheduler, closed.Token);
        var waitingWait = waiting.WaitOut(_keyspace, Scheduler);

        await closed.CancelAsync();
        await goneWait.WaitAsync(Deadline);
        Assert.Equal(1, _stats.BlockedClients);

        await new Client(3).Send(_keyspace, "RPUSH k a");
        await waitingWait.WaitAsync(Deadline);
        Assert.Equal("", gone.TakeReplies());
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\na\r\n", waiting.TakeReplies());
    }

    [Fact]
    public async Task Client_unblock_answers_timeout_or_error_and_one_only_for_a_blocked_client()
    {
        var blocked = new Client(41);
        var admin = new Client(2);
        Assert.True(await blocked.Send(_keyspace, "BLPOP k 0"));
        var wait = blocked.WaitOut(_keyspace, Scheduler);
        await admin.Send(_keyspace, "CLIENT UNBLOCK 41 ERROR", "CLIENT UNBLOCK 41");
        await wait.WaitAsync(Deadline);
        Assert.Equal(":1\r\n:0\r\n", admin.TakeReplies());
        Assert.Equal("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", blocked.TakeReplies());

        Assert.True(await blocked.Send(_keyspace, "BLPOP k 0"));
        wait = blocked.WaitOut(_keyspace, Scheduler);
        await admin.Send(_keyspace, "CLIENT UNBLOCK 41 TIMEOUT");
        await wait.WaitAsync(Deadline);
        Assert.Equal("*-1\r\n", blocked.TakeReplies());
    }

    [Fact]
    public async Task A_blmove_served_from_a_push_readies_its_destination_for_the_next_waiter()
    {
        var mover = new Client(1);
        var popper = new Client(2);
        Assert.True(await mover.Send(_keyspace, "BLMOVE s d RIGHT LEFT 0"));
        Assert.True(await popper.Send(_keyspace, "BLPOP d 0"));
        var moverWait = mover.WaitOut(_keyspace, Scheduler);
        var popperWait = popper.WaitOut(_keyspace, Scheduler);

        var pusher = new Client(3);
        await pusher.Send(_keyspace, "RPUSH s 1 2", "LRANGE d 0 -1");
        await Task.WhenAll(moverWait, popperWait).WaitAsync(Deadline);
        Assert.Equal(":2\r\n*0\r\n", pusher.TakeReplies());
        Assert.Equal("$1\r\n2\r\n", mover.TakeReplies());
        Assert.Equal("*2\r\n$1\r\nd\r\n$1\r\n2\r\n", popper.TakeReplies());
    }

    [Fact]
    public async Task A_client_waiting_for_a_list_is_not_served_by_a_sorted_set_on_its_key()
    {
        var blocked = new Client(1);
        Assert.True(await blocked.Send(_keyspace, "BLPOP k 0"));
        var wait = blocked.WaitOut(_keyspace, Scheduler);
        var writer = new Client(2);
        await writer.Send(_keyspace, "ZADD k 1 m", "DEL k", "SET k v", "DEL k");
        Assert.False(wait.IsCompleted);
        await writer.Send(_keyspace, "RPUSH k x");
        await wait.WaitAsync(Deadline);
        Assert.Equal("*2\r\n$1\r\nk\r\n$1\r\nx\r\n", blocked.TakeReplies());
    }

    [Fact]
    public async Task Swapdb_serves_a_client_waiting_on_a_key_the_other_database_holds()
    {
        var blocked = new Client(1);
        Assert.True(await blocked.Send(_keyspace, "BRPOP k 5"));
        var wait = blocked.WaitOut(_keyspace, Scheduler);
        var writer = new Client(2);
        await writer.Send(_keyspace, "SELECT 1", "RPUSH k hello", "SWAPDB 0 1", "EXISTS k");
        await wait.WaitAsync(Deadline);
        Assert.Equal("*2\r\n$1\r\nk\r\n$5\r\nhello\r\n", blocked.TakeReplies());
        Assert.Equal("+OK\r\n:1\r\n+OK\r\n:0\r\n", writer.TakeReplies());
    }

    /// <summary>One client: its own session, request batch and reply buffer.</summary>
    private sealed class Client : IClientState
    {
        private readonly ArrayBufferWriter<byte> _replies = new();
        private readonly RespRequestBatch _requests = new();

        public Client(long id)
        {
            Id = id;
            Batch = new ExecuteBatch(_requests, this, new RespWriter(_replies)) { CanBlock = true };
        }

        public long Id { get; }

        public ExecuteBatch Batch { get; }

        public ClientSession Session { get; } = new();

        public RespProtocol Protocol => RespProtocol.Resp2;

        public bool IsAuthenticated => true;

        public bool CloseRequested => false;

        /// <summary>Sends the commands as one batch; true when the batch blocked.</summary>
        public async Task<bool> Send(IActorRef keyspace, params string[] commands)
        {
            _requests.Reset();
            foreach (var command in commands) _requests.Add(RespCommand.Create(command.Split(' ')));
            var executed = Batch.Prepare();
            keyspace.Tell(Batch);
            return await executed.AsTask().WaitAsync(Deadline);
        }

        public Task WaitOut(IActorRef keyspace, IScheduler scheduler, CancellationToken closed = default) =>
            BlockedBatches.WaitOutAsync(Batch, keyspace, scheduler, static () => default, closed).AsTask();

        public string Peek() => Encoding.Latin1.GetString(_replies.WrittenSpan);

        public string TakeReplies()
        {
            var text = Peek();
            _replies.Clear();
            return text;
        }
    }

    private sealed class NoServerCommands : IServerCommands
    {
        public bool TryExecute(IClientState client, in RespCommand command, RespWriter reply) => false;

        public bool IsAllowedWithoutAuth(in RespCommand command) => true;
    }
}
