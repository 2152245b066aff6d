using System.Buffers;
using System.Text;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Tests.Harness;
using ActorReplication.Resp;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Specs;

/// <summary>
/// A node that replaces its ActorSystem (rejoining the cluster after being downed) retires its keyspace actor and
/// starts a new one over the same engine: what the old one hands over and what the new one continues.
/// </summary>
public class KeyspaceRetireSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Retire_hands_over_the_master_links_database_finishes_paused_batches_and_stops()
    {
        var node = Node("n");
        node.Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true), null);
        node.Keyspace.Tell(new KeyspaceReplication.ApplyStream(Resp(["SELECT", "2"], ["SET", "x", "1"])), null);
        node.Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(false), null);
        node.Keyspace.Tell(new KeyspaceReplication.PauseClientWrites(TimeSpan.FromMinutes(1)), null);
        var (paused, reply) = Start(node.Keyspace, ["SET", "a", "1"]);
        Assert.NotSame(paused, await Task.WhenAny(paused, Task.Delay(TimeSpan.FromMilliseconds(200)))); // the write waits on the pause

        Watch(node.Keyspace);
        var retired = await node.Keyspace.Ask<KeyspaceReplication.Retired>(KeyspaceReplication.Retire.Instance, Deadline);

        Assert.Equal(2, retired.StreamDb);
        await paused.WaitAsync(Deadline); // the paused write finished
        Assert.Equal("+OK\r\n", Encoding.Latin1.GetString(reply.WrittenSpan));
        ExpectTerminated(node.Keyspace);
    }

    [Fact]
    public async Task A_keyspace_over_the_retired_ones_engine_keeps_the_data_and_continues_the_stream_in_its_database()
    {
        var node = Node("n");
        node.Keyspace.Tell(new KeyspaceReplication.SetReplicaMode(true), null);
        node.Keyspace.Tell(new KeyspaceReplication.ApplyStream(Resp(["SELECT", "2"], ["SET", "x", "1"])), null);
        var retired = await node.Keyspace.Ask<KeyspaceReplication.Retired>(KeyspaceReplication.Retire.Instance, Deadline);

        var next = Sys.ActorOf(KeyspaceActor.Props(node.Engine, TestNode.NoServerCommands.Instance, new ServerStats(), false, retired.StreamDb));
        next.Tell(new KeyspaceReplication.ApplyStream(Resp(["SET", "y", "2"])), null);

        var (done, reply) = Start(next, ["SELECT", "2"], ["MGET", "x", "y"]);
        await done.WaitAsync(Deadline);
        Assert.Equal("+OK\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n", Encoding.Latin1.GetString(reply.WrittenSpan));
    }

    private static byte[] Resp(params string[][] commands) => Encoding.Latin1.GetBytes(string.Concat(
        commands.Select(args => $"*{args.Length}\r\n" + string.Concat(args.Select(a => $"${a.Length}\r\n{a}\r\n")))));

    private static (Task Done, ArrayBufferWriter<byte> Reply) Start(IActorRef keyspace, params string[][] commands)
    {
        var requests = new RespRequestBatch();
        foreach (var command in commands) requests.Add(command);
        var output = new ArrayBufferWriter<byte>();
        var batch = new ExecuteBatch(requests, new TestNode.TestClient(), new RespWriter(output));
        var done = batch.Prepare().AsTask();
        keyspace.Tell(batch);
        return (done, output);
    }
}
