using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Akka.Actor;
using ActorReplication.Replication.Wire;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Replica;

/// <summary>
/// The replica's end of one link, over its own TCP connection to the address REPLICAOF names (the master's RESP port):
/// it turns the <see cref="SlaveActor"/>'s protocol messages into Redis's replication wire (PING, AUTH, REPLCONF, PSYNC,
/// REPLCONF ACK) and what the master sends back into protocol messages for it (+FULLRESYNC, the snapshot in chunks
/// under the slave actor's credit, +CONTINUE, the stream, GETACK). To the slave actor it stands where the master's actors
/// stood: it is both the master it PINGs and the session that answers PSYNC. One instance per attempt: it closes the
/// connection and stops when the slave actor closes the link or stops, and tells it <see cref="LinkClosed"/> when the
/// connection fails or the master breaks the protocol.
/// </summary>
public sealed class MasterLinkActor : ReceiveActor
{
    private readonly Socket _socket;
    private readonly MasterEndpoint _endpoint;
    private readonly Func<IActorRef, string> _controlPath;
    private readonly TimeSpan _idleTimeout;
    private readonly SemaphoreSlim _credits = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<Expected> _expected = new();
    private IActorRef? _slave;
    private ICancelable? _idleTimer;
    private int _handshakeLeft;
    private string? _handshakeError;
    private long _continueOffset;
    private string _continueReplId = string.Empty;

    private enum Expected : byte
    {
        Pong,
        Handshake,
        OwnFields, // REPLCONF ar-*: an error only says the master is a redis-server
        Psync,
    }

    /// <param name="socket">Connected to the master's RESP port; this actor owns it.</param>
    /// <param name="controlPath">Where the master reaches the slave actor for control messages (FAILOVER), "" for nowhere.</param>
    /// <param name="idleTimeout">Stop when no slave actor used this link for this long (its attempt was given up).</param>
    public MasterLinkActor(Socket socket, MasterEndpoint endpoint, Func<IActorRef, string> controlPath, TimeSpan idleTimeout)
    {
        _socket = socket;
        _endpoint = endpoint;
        _controlPath = controlPath;
        _idleTimeout = idleTimeout;
        Receive<Ping>(_ => HandlePing());
        Receive<ReplConf>(HandleReplConf);
        Receive<Psync>(HandlePsync);
        Receive<WireReply>(m => HandleReply(m.Line));
        Receive<Credit>(m => _credits.Release(m.Chunks));
        Receive<Ack>(m => HandleAck(m.Offset));
        Receive<LinkClosed>(_ => Context.Stop(Self));
        Receive<ReadEnded>(m => Fail(m.Reason));
        Receive<Terminated>(_ => Context.Stop(Self));
        Receive<Unused>(_ =>
        {
            if (_slave is null) Context.Stop(Self);
        });
    }

    public static Props Props(Socket socket, MasterEndpoint endpoint, Func<IActorRef, string> controlPath, TimeSpan idleTimeout) =>
        Akka.Actor.Props.Create(() => new MasterLinkActor(socket, endpoint, controlPath, idleTimeout));

    private sealed record WireReply(string Line) : INoSerializationVerificationNeeded;

    private sealed record ReadEnded(string Reason) : INoSerializationVerificationNeeded;

    private sealed record Unused : INoSerializationVerificationNeeded
    {
        public static readonly Unused Instance = new();
    }

    protected override void PreStart() => _idleTimer = Context.System.Scheduler.ScheduleTellOnceCancelable(_idleTimeout, Self, Unused.Instance, Self);

    protected override void PostStop()
    {
        _idleTimer?.Cancel();
        _stopping.Cancel();
        _socket.Dispose();
    }

    /// <summary>The slave actor's first message: from now on the reader hands it what the master sends.</summary>
    private void HandlePing()
    {
        if (_slave is null)
        {
            _slave = Sender;
            Context.Watch(_slave);
            var (self, slave, token) = (Self, _slave, _stopping.Token);
            _ = Task.Run(() => ReadAsync(self, slave, token));
        }
        _expected.Enqueue(Expected.Pong);
        Send(ReplicationWire.Command("PING"));
    }

    /// <summary>AUTH (masterauth), then who we are (Redis's REPLCONF fields and ours: ar-*), then our capabilities.</summary>
    private void HandleReplConf(ReplConf conf)
    {
        _handshakeLeft = 0;
        _handshakeError = null;
        if (conf.Auth.Length > 0) Step(ReplicationWire.Command("AUTH", conf.Auth));
        Step(ReplicationWire.Command("REPLCONF", "listening-port", conf.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "ip-address", conf.Ip));
        // Our own fields go apart: a redis-server master refuses them (-ERR Unrecognized REPLCONF option) and is
        // followed all the same, as a plain Redis master.
        var ours = new List<string>
        {
            "REPLCONF", "ar-replica-id", conf.ReplicaId, "ar-epoch", conf.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "ar-priority", conf.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (_controlPath(Sender) is { Length: > 0 } control) ours.AddRange(["ar-control", control]);
        Step(ReplicationWire.Command([.. ours]), Expected.OwnFields);
        var capa = new List<string> { "REPLCONF" };
        foreach (var c in conf.Capabilities) capa.AddRange(["capa", c]);
        if (capa.Count > 1) Step(ReplicationWire.Command([.. capa]));
    }

    private void Step(byte[] command, Expected expected = Expected.Handshake)
    {
        _handshakeLeft++;
        _expected.Enqueue(expected);
        Send(command);
    }

    private void HandlePsync(Psync psync)
    {
        Volatile.Write(ref _continueReplId, psync.ReplId);
        Volatile.Write(ref _continueOffset, psync.Offset - 1);
        _expected.Enqueue(Expected.Psync);
        Send(ReplicationWire.Command("PSYNC", psync.ReplId, psync.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private void HandleReply(string line)
    {
        if (_slave is null || !_expected.TryDequeue(out var expected))
        {
            Fail($"protocol error: the master sent '{line}' unasked");
            return;
        }
        switch (expected)
        {
            // Redis's replica takes -NOAUTH to PING as an answer too: AUTH comes next.
            case Expected.Pong when line[0] == '+' || line.StartsWith("-NOAUTH", StringComparison.Ordinal):
                _slave.Tell(Pong.Instance, Self);
                break;
            case Expected.Pong:
                Fail($"the master answered PING with '{line}'");
                break;
            case Expected.Handshake or Expected.OwnFields:
                if (line[0] == '-' && expected == Expected.Handshake) _handshakeError ??= line[1..];
                if (--_handshakeLeft > 0) break;
                _slave.Tell(_handshakeError is null ? ReplConfOk.Instance : new ReplConfError(_handshakeError), Self);
                break;
            default:
                _slave.Tell(line[0] == '-' ? new ReplConfError(line[1..]) : new ReplConfError($"unexpected PSYNC reply '{line}'"), Self);
                break;
        }
    }

    private void HandleAck(long offset)
    {
        Span<byte> ack = stackalloc byte[ReplicationWire.MaxAckBytes];
        Send(ack[..ReplicationWire.WriteAck(ack, offset)]);
    }

    private void Send(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _socket.Send(bytes);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Fail($"Error writing to the master {_endpoint}: {ex.Message}");
        }
    }

    private void Fail(string reason)
    {
        _slave?.Tell(new LinkClosed(reason), Self);
        Context.Stop(Self);
    }

    /// <summary>
    /// Reads the connection until it ends, off the actor: the decoder's events go to the slave actor straight away (in
    /// order, from this one reader), reply lines to this actor. Snapshot chunks wait for the slave actor's credit, so a
    /// slow load holds the master back through TCP.
    /// </summary>
    private async Task ReadAsync(IActorRef self, IActorRef slave, CancellationToken stopping)
    {
        var reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: MasterWireDecoder.MaxPieceBytes, minimumReadSize: 4096));
        var decoder = new MasterWireDecoder();
        long offset = 0, chunks = 0, snapshotBytes = 0;
        string? ended = null;
        try
        {
            while (ended is null)
            {
                var read = await reader.ReadAsync(stopping).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (decoder.TryRead(ref buffer, out var next))
                {
                    switch (next.Kind)
                    {
                        case MasterWireEventKind.Reply:
                            self.Tell(new WireReply(next.Text!), self);
                            break;
                        case MasterWireEventKind.KeepAlive:
                            slave.Tell(Ping.Instance, self);
                            break;
                        case MasterWireEventKind.FullResync:
                            offset = next.Offset;
                            slave.Tell(new FullResync(next.Text!, next.Offset), self);
                            break;
                        case MasterWireEventKind.Continue:
                            offset = Volatile.Read(ref _continueOffset);
                            slave.Tell(new Continue(next.Text ?? Volatile.Read(ref _continueReplId)), self);
                            break;
                        case MasterWireEventKind.SnapshotBytes:
                            await _credits.WaitAsync(stopping).ConfigureAwait(false);
                            slave.Tell(new SnapshotChunk(chunks++, next.Bytes.ToArray()), self);
                            snapshotBytes += next.Bytes.Length;
                            break;
                        case MasterWireEventKind.SnapshotEnd:
                            slave.Tell(new SnapshotEnd(chunks, snapshotBytes), self);
                            break;
                        case MasterWireEventKind.StreamBytes:
                            var bytes = next.Bytes.ToArray();
                            slave.Tell(new StreamData(offset, bytes), self);
                            offset += bytes.Length;
                            break;
                        case MasterWireEventKind.GetAck:
                            slave.Tell(GetAck.Instance, self);
                            break;
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted) ended = $"the master {_endpoint} closed the connection";
            }
        }
        catch (ReplicationWireException ex)
        {
            ended = $"protocol error from the master {_endpoint}: {ex.Message}";
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            ended = $"Error reading from the master {_endpoint}: {ex.Message}";
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // This actor stopped and closed the connection.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        if (ended is not null && !stopping.IsCancellationRequested) self.Tell(new ReadEnded(ended), self);
    }
}
