using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Wire;

/// <summary>The master's end of a link: the session's messages become Redis's replication wire on the connection.</summary>
public sealed class ReplicaLinkActorSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    private static readonly string ReplIdText = new('b', 40);
    private const string Set = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";

    [Fact]
    public async Task ReplicaLinkActor_must_write_a_full_sync_as_redis_wire_and_turn_acks_into_messages()
    {
        var pipe = new Pipe();
        var closed = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var master = CreateTestProbe();
        var session = CreateTestProbe();
        var control = CreateTestProbe();
        var conf = new ReplConf("r1", "127.0.0.1", 7000, ["eof", "psync2"], "", 0, 100);
        var link = Sys.ActorOf(ReplicaLinkActor.Props(master.Ref, conf, new Psync("?", -1, "r1"), pipe.Writer, () => closed.TrySetResult(), control.Ref, 4, stopped));

        Assert.Equal("r1", master.ExpectMsg<ReplConf>(Long).ReplicaId);
        link.Tell(ReplConfOk.Instance, master.Ref);
        Assert.Equal(-1, master.ExpectMsg<Psync>(Long).Offset);

        link.Tell(Ping.Instance, session.Ref);
        Assert.Equal("\n", await ReadAsync(pipe.Reader, 1));
        link.Tell(new FullResync(ReplIdText, 10), session.Ref);
        var header = await ReadAsync(pipe.Reader, $"+FULLRESYNC {ReplIdText} 10\r\n$EOF:".Length + 42);
        Assert.StartsWith($"+FULLRESYNC {ReplIdText} 10\r\n$EOF:", header, StringComparison.Ordinal);
        var mark = header[^42..^2];
        Assert.Equal(4, session.ExpectMsg<Credit>(Long).Chunks);

        link.Tell(new SnapshotChunk(0, "snap"u8.ToArray()), session.Ref);
        Assert.Equal("snap", await ReadAsync(pipe.Reader, 4));
        Assert.Equal(1, session.ExpectMsg<Credit>(Long).Chunks);
        link.Tell(Ping.Instance, session.Ref);  // inside the snapshot: no keepalive
        link.Tell(GetAck.Instance, session.Ref); // waits for the end of the snapshot
        link.Tell(new SnapshotEnd(1, 4), session.Ref);
        Assert.Equal(mark + "REPLCONF GETACK *\r\n", await ReadAsync(pipe.Reader, 40 + 19));

        link.Tell(new StreamData(10, Encoding.ASCII.GetBytes(Set)), session.Ref);
        link.Tell(new StreamData(10 + Set.Length, []), session.Ref); // the session's keepalive
        Assert.Equal(Set + "\n", await ReadAsync(pipe.Reader, Set.Length + 1));

        link.Tell(new Ack(10 + Set.Length), Akka.Actor.ActorRefs.NoSender);
        Assert.Equal(10 + Set.Length, session.ExpectMsg<Ack>(Long).Offset);
        var coordinator = CreateTestProbe();
        link.Tell(new FailoverPromote(ReplIdText), coordinator.Ref);
        control.ExpectMsg<FailoverPromote>(Long);

        ReplicaLinkActor.ConnectionLost(link);
        session.ExpectMsg<LinkClosed>(Long);
        await stopped.Task.WaitAsync(Long);
        await closed.Task.WaitAsync(Long);
    }

    [Fact]
    public async Task ReplicaLinkActor_must_answer_a_refused_handshake_with_the_error_and_close()
    {
        var pipe = new Pipe();
        var closed = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        var master = CreateTestProbe();
        var conf = new ReplConf("r1", "127.0.0.1", 7000, [], "", 5, 100);
        var link = Sys.ActorOf(ReplicaLinkActor.Props(master.Ref, conf, new Psync("?", -1, "r1"), pipe.Writer, () => closed.TrySetResult(), null, 4, stopped));
        master.ExpectMsg<ReplConf>(Long);
        link.Tell(new ReplConfError("STALEEPOCH old master"), master.Ref);
        Assert.Equal("-STALEEPOCH old master\r\n", await ReadAsync(pipe.Reader, 24));
        await closed.Task.WaitAsync(Long);
        await stopped.Task.WaitAsync(Long);
    }

    private static async Task<string> ReadAsync(PipeReader reader, int count)
    {
        using var timeout = new CancellationTokenSource(Long);
        while (true)
        {
            var read = await reader.ReadAsync(timeout.Token);
            if (read.Buffer.Length >= count)
            {
                var text = Encoding.ASCII.GetString(read.Buffer.Slice(0, count).ToArray());
                reader.AdvanceTo(read.Buffer.GetPosition(count));
                return text;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
