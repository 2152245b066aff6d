using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using ActorReplication.Replication.Replica;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Wire;

/// <summary>The replica's end of a link, against a scripted master on a loopback socket.</summary>
public sealed class MasterLinkActorSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    private static readonly string ReplIdText = new('c', 40);
    private const string Mark = "0123456789abcdef0123456789abcdef01234567";
    private const string Set = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";

    [Fact]
    public void MasterLinkActor_must_speak_the_handshake_and_turn_a_full_sync_into_protocol_messages()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var link = Connect(listener, out var master);
        using var _ = master;
        var slave = CreateTestProbe();

        link.Tell(Ping.Instance, slave.Ref);
        Expect(master, "*1\r\n$4\r\nPING\r\n");
        master.Send("+PONG\r\n"u8);
        slave.ExpectMsg<Pong>(Long);

        link.Tell(new ReplConf("rid", "127.0.0.1", 7001, ["eof", "psync2"], "secret", 3, 50), slave.Ref);
        var handshake = Expect(master, "psync2\r\n");
        Assert.StartsWith("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n", handshake, StringComparison.Ordinal);
        Assert.Contains("$14\r\nlistening-port\r\n$4\r\n7001\r\n", handshake, StringComparison.Ordinal);
        Assert.Contains("$13\r\nar-replica-id\r\n$3\r\nrid\r\n$8\r\nar-epoch\r\n$1\r\n3\r\n$11\r\nar-priority\r\n$2\r\n50\r\n", handshake, StringComparison.Ordinal);
        Assert.EndsWith("$4\r\ncapa\r\n$3\r\neof\r\n$4\r\ncapa\r\n$6\r\npsync2\r\n", handshake, StringComparison.Ordinal);
        // A redis-server master refuses our ar-* fields: it is followed all the same.
        master.Send("+OK\r\n+OK\r\n-ERR Unrecognized REPLCONF option: ar-replica-id\r\n+OK\r\n"u8);
        slave.ExpectMsg<ReplConfOk>(Long);

        link.Tell(Psync.Full("rid"), slave.Ref);
        Expect(master, "*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n");
        master.Send(Encoding.ASCII.GetBytes($"+FULLRESYNC {ReplIdText} 7\r\n\n$EOF:{Mark}\r\nARSNAP-bytes{Mark}{Set}REPLCONF GETACK *\r\n"));
        var full = slave.ExpectMsg<FullResync>(Long);
        Assert.Equal((ReplIdText, 7L), (full.ReplId, full.Offset));
        slave.ExpectMsg<Ping>(Long); // the newline before the snapshot
        link.Tell(new Credit(8), slave.Ref);
        Assert.Equal("ARSNAP-bytes", Encoding.ASCII.GetString(slave.ExpectMsg<SnapshotChunk>(Long).Bytes));
        Assert.Equal(12, slave.ExpectMsg<SnapshotEnd>(Long).Bytes);
        var data = slave.ExpectMsg<StreamData>(Long);
        Assert.Equal((7L, Set), (data.Offset, Encoding.ASCII.GetString(data.Bytes)));
        slave.ExpectMsg<GetAck>(Long);

        link.Tell(new Ack(7 + Set.Length), slave.Ref);
        Expect(master, "*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$2\r\n" + (7 + Set.Length) + "\r\n");
    }

    [Fact]
    public void MasterLinkActor_must_report_a_bad_reply_as_a_link_error_and_stop()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var link = Connect(listener, out var master);
        using var _ = master;
        var slave = CreateTestProbe();
        Watch(link);
        link.Tell(Ping.Instance, slave.Ref);
        Expect(master, "PING\r\n");
        master.Send("this is not redis\r\n"u8);
        var closed = slave.ExpectMsg<LinkClosed>(Long);
        Assert.Contains("protocol error", closed.Reason, StringComparison.Ordinal);
        ExpectTerminated(link, Long);
    }

    [Fact]
    public void MasterLinkActor_must_report_the_master_closing_the_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var link = Connect(listener, out var master);
        var slave = CreateTestProbe();
        link.Tell(Ping.Instance, slave.Ref);
        Expect(master, "PING\r\n");
        master.Dispose();
        Assert.Contains("closed the connection", slave.ExpectMsg<LinkClosed>(Long).Reason, StringComparison.Ordinal);
    }

    private IActorRef Connect(TcpListener listener, out Socket master)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        master = listener.AcceptSocket();
        master.ReceiveTimeout = (int)Long.TotalMilliseconds;
        return Sys.ActorOf(MasterLinkActor.Props(socket, new MasterEndpoint("127.0.0.1", 1), _ => "", TimeSpan.FromMinutes(1)));
    }

    /// <summary>Reads from the master's socket until what arrived ends with <paramref name="end"/> (bounded by the receive timeout).</summary>
    private static string Expect(Socket master, string end)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var n = master.Receive(buffer);
            Assert.True(n > 0, $"the connection closed; received '{received}'");
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return received.ToString();
    }
}
