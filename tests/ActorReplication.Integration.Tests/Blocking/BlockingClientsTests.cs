using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;
using ActorReplication.Integration.Tests.Replication;

namespace ActorReplication.Integration.Tests.Blocking;

/// <summary>
/// Blocking commands between real clients: each scenario runs against redis-server 7.0 and against our node, one
/// client blocked while others push, and the two transcripts (every reply, in order, byte for byte) must be equal.
/// </summary>
public sealed class BlockingClientsTests(BlockingClientsTests.Servers servers) : IClassFixture<BlockingClientsTests.Servers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public sealed class Servers : IAsyncLifetime
    {
        public RedisServerProcess Redis { get; private set; } = null!;

        public NodeProcess Node { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Redis = await RedisServerProcess.StartAsync();
            Node = await NodeProcess.StartAsync();
        }

        public Task DisposeAsync()
        {
            Redis?.Dispose();
            Node?.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public Task Clients_blocked_on_a_key_are_served_in_arrival_order_by_a_later_multi_element_push() =>
        SameOnBoth(async s =>
        {
            await s.Block(0, "BLPOP", "k", "0");
            await s.Block(1, "BRPOP", "other", "k", "0");
            await s.Command(2, "RPUSH", "k", "x", "y", "z");
            await s.Read(0);
            await s.Read(1);
            await s.Command(2, "LRANGE", "k", "0", "-1");
        });

    [Fact]
    public Task A_push_serves_the_blocked_client_before_the_pushers_next_pipelined_command() =>
        SameOnBoth(async s =>
        {
            await s.Block(0, "BLPOP", "k", "0");
            await s.Pipeline(2, ["RPUSH", "k", "v"], ["LLEN", "k"], ["RPUSH", "k", "w"], ["LPOP", "k"]);
            await s.Read(0);
        });

    [Fact]
    public Task Moves_and_sorted_set_pops_are_served_and_chain_into_the_next_waiter() =>
        SameOnBoth(async s =>
        {
            await s.Hello3(1);
            await s.Block(0, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            await s.Block(1, "BLPOP", "dst", "0");
            await s.Block(3, "BZMPOP", "0", "2", "z1", "z2", "MAX", "COUNT", "2");
            await s.Command(2, "RPUSH", "src", "1", "2");
            await s.Read(0);
            await s.Read(1);
            await s.Command(2, "ZADD", "z2", "1.5", "a", "2", "b", "3", "c");
            await s.Read(3);
            await s.Command(2, "ZRANGE", "z2", "0", "-1", "WITHSCORES");
            await s.Command(2, "LRANGE", "dst", "0", "-1");
        });

    [Fact]
    public Task A_blocked_client_whose_connection_closes_is_removed() =>
        SameOnBoth(async s =>
        {
            await s.Block(0, "BLPOP", "k", "0");
            await s.Block(1, "BLPOP", "k", "0");
            s.Close(0);
            await s.WaitBlocked(1);
            await s.Command(2, "RPUSH", "k", "v");
            await s.Read(1);
            await s.Command(2, "EXISTS", "k");
        });

    [Fact]
    public Task Timeouts_answer_null_and_the_pipeline_behind_them_runs() =>
        SameOnBoth(async s =>
        {
            await s.Pipeline(0, ["BLPOP", "k", "0.05"], ["BZPOPMIN", "z", "0.05"], ["BLMOVE", "k", "d", "LEFT", "LEFT", "0.05"], ["PING"]);
            await s.Hello3(0);
            await s.Command(0, "BLMPOP", "0.05", "1", "k", "LEFT");
        });

    [Fact]
    public Task A_move_to_a_destination_of_another_type_unblocks_with_wrongtype_and_pops_nothing() =>
        SameOnBoth(async s =>
        {
            await s.Block(0, "BLMOVE", "src", "d", "LEFT", "LEFT", "0");
            await s.Command(2, "SET", "d", "string");
            await s.Pipeline(2, ["RPUSH", "src", "v"], ["LLEN", "src"]);
            await s.Read(0);
        });

    [Fact]
    public Task Client_unblock_ends_a_block_with_a_timeout_or_an_error() =>
        SameOnBoth(async s =>
        {
            var id = (await s.Client(0).CommandAsync("CLIENT", "ID")).Integer.ToString(CultureInfo.InvariantCulture);
            await s.Block(0, "BLPOP", "k", "0");
            await s.Command(2, "CLIENT", "UNBLOCK", id);
            await s.Read(0);
            await s.Block(0, "BZPOPMAX", "k", "0");
            await s.Command(2, "CLIENT", "UNBLOCK", id, "ERROR");
            await s.Read(0);
            await s.Command(2, "CLIENT", "UNBLOCK", id);
        });

    /// <summary>
    /// Blocked clients on a master are served by pushes; the replica receives the non-blocking equivalents and ends
    /// with the master's DEBUG DIGEST; a read-only replica refuses blocking commands as writes.
    /// </summary>
    [Fact]
    public async Task Served_blocking_commands_reach_a_replica_with_an_equal_digest()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);

        using var mover = await RespClient.ConnectAsync(master.Port);
        using var popper = await RespClient.ConnectAsync(master.Port);
        using var zpopper = await RespClient.ConnectAsync(master.Port);
        await mover.SendCommandAsync("BLMOVE", "jobs", "working", "RIGHT", "LEFT", "0");
        await popper.SendCommandAsync("BLMPOP", "0", "2", "a", "working", "LEFT", "COUNT", "5");
        await zpopper.SendCommandAsync("BZPOPMIN", "board", "0");
        await Eventually.TrueAsync(async () => await master.InfoLongAsync("clients", "blocked_clients") == 3, Timeout,
            () => Task.FromResult("three clients blocked on the master"));
        await master.CommandAsync("RPUSH", "jobs", "j1", "j2", "j3");
        await master.CommandAsync("ZADD", "board", "1", "alice", "2", "bob");
        Assert.Equal("j3", (await mover.ReadReplyAsync(Timeout)).Text);
        Assert.Equal("*2\r\n$7\r\nworking\r\n*1\r\n$2\r\nj3\r\n", System.Text.Encoding.UTF8.GetString((await popper.ReadReplyAsync(Timeout)).ToBytes()));
        Assert.Equal("alice", (await zpopper.ReadReplyAsync(Timeout)).Items[1].Text);
        await mover.SendCommandAsync("BRPOPLPUSH", "jobs", "working", "0");
        Assert.Equal("j2", (await mover.ReadReplyAsync(Timeout)).Text);

        await Eventually.InSyncAsync(master, replica);
        Assert.Equal("j1", await replica.TextAsync("LINDEX", "jobs", "0"));
        Assert.Equal("READONLY You can't write against a read only replica.", (await replica.CommandAsync("BLPOP", "jobs", "0")).Text);
    }

    private async Task SameOnBoth(Func<Session, Task> scenario, int clients = 4)
    {
        var redis = await Run(servers.Redis.Port);
        var ours = await Run(servers.Node.Port);
        Assert.Equal(redis, ours);
        Assert.NotEmpty(ours);

        async Task<string> Run(int port)
        {
            await using var session = await Session.OpenAsync(port, clients);
            await session.Command(clients - 1, "FLUSHALL");
            await scenario(session);
            return session.Transcript;
        }
    }

    /// <summary>Several clients of one server, and the transcript of every reply they read.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly RespClient?[] _clients;
        private readonly RespClient _control;
        private readonly System.Text.StringBuilder _transcript = new();

        private Session(RespClient?[] clients, RespClient control)
        {
            _clients = clients;
            _control = control;
        }

        public static async Task<Session> OpenAsync(int port, int count)
        {
            var clients = new RespClient?[count];
            for (var i = 0; i < count; i++) clients[i] = await RespClient.ConnectAsync(port);
            return new Session(clients, await RespClient.ConnectAsync(port));
        }

        public string Transcript => _transcript.ToString();

        public RespClient Client(int i) => _clients[i]!;

        public async Task Command(int client, params string[] args)
        {
            var reply = await Client(client).CommandAsync(args);
            _transcript.Append(client).Append(": ").Append(reply).Append('\n');
        }

        /// <summary>Switches a client to RESP3 (HELLO's reply names the server, so it stays out of the transcript).</summary>
        public Task Hello3(int client) => Client(client).CommandAsync("HELLO", "3");

        public async Task Pipeline(int client, params string[][] commands)
        {
            foreach (var command in commands) await Client(client).SendCommandAsync(command);
            foreach (var reply in await Client(client).ReadRepliesAsync(commands.Length, Timeout))
                _transcript.Append(client).Append(": ").Append(reply).Append('\n');
        }

        /// <summary>Sends a blocking command and waits until the server counts one more blocked client.</summary>
        public async Task Block(int client, params string[] args)
        {
            var before = await BlockedClients();
            await Client(client).SendCommandAsync(args);
            await WaitBlocked(before + 1);
        }

        public async Task Read(int client) =>
            _transcript.Append(client).Append(": ").Append(await Client(client).ReadReplyAsync(Timeout)).Append('\n');

        public void Close(int client)
        {
            _clients[client]!.Dispose();
            _clients[client] = null;
        }

        public Task WaitBlocked(long count) =>
            Eventually.TrueAsync(async () => await BlockedClients() == count, Timeout, () => Task.FromResult($"{count} blocked clients"));

        private async Task<long> BlockedClients()
        {
            var info = (await _control.CommandAsync("INFO", "clients")).Text;
            var line = info.Split("\r\n").Single(l => l.StartsWith("blocked_clients:", StringComparison.Ordinal));
            return long.Parse(line["blocked_clients:".Length..], CultureInfo.InvariantCulture);
        }

        public ValueTask DisposeAsync()
        {
            foreach (var client in _clients) client?.Dispose();
            _control.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
