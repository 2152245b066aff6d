using System.Buffers;
using System.IO.Pipelines;
using Akka.Actor;
using ActorReplication.Replication.Wire;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

/// <summary>
/// The master's end of one replica's link, on the RESP connection that sent PSYNC: to the <see cref="MasterActor"/> and
/// the <see cref="ReplicaSession"/> it stands where the replica's slave actor stood (it sends the REPLCONF and PSYNC the
/// connection received, and the replica's REPLCONF ACKs), and it writes what the session sends as Redis's replication
/// wire: +FULLRESYNC, the snapshot in diskless form ($EOF:mark ... mark), +CONTINUE, the stream as it is (already RESP),
/// keepalive newlines and inline REPLCONF GETACK * between commands, so that offsets count the stream only.
/// <para>
/// Back-pressure is TCP's: snapshot chunks are asked of the session (credit) only as the connection takes the ones
/// written; the stream is written as it comes, and what the replica has not acknowledged counts against the session's
/// client-output-buffer-limit, as in Redis.
/// </para>
/// </summary>
public sealed class ReplicaLinkActor : ReceiveActor
{
    private readonly IActorRef _master;
    private readonly ReplConf _conf;
    private readonly Psync _psync;
    private readonly PipeWriter _output;
    private readonly Action _close;
    private readonly IActorRef? _control;
    private readonly int _creditWindow;
    private readonly TaskCompletionSource _stopped;
    private IActorRef? _session;
    private RespCommandScanner _stream;
    private byte[]? _mark;
    private bool _getAckDue;
    private bool _flushing;
    private bool _flushAgain;
    private bool _closeAfterFlush;
    private int _chunksUnflushed;
    private int _chunksInFlush;

    /// <param name="master">This node's master actor.</param>
    /// <param name="conf">The replica's REPLCONF fields (its masterauth already checked by the connection's AUTH).</param>
    /// <param name="output">The connection's output; written only by this actor from now on.</param>
    /// <param name="close">Closes the connection.</param>
    /// <param name="control">The replica's slave actor over remoting, for FAILOVER (null: the replica named none).</param>
    /// <param name="stopped">Completed when this actor stopped: the connection may then end.</param>
    public ReplicaLinkActor(IActorRef master, ReplConf conf, Psync psync, PipeWriter output, Action close, IActorRef? control, int creditWindow,
        TaskCompletionSource stopped)
    {
        _master = master;
        _conf = conf;
        _psync = psync;
        _output = output;
        _close = close;
        _control = control;
        _creditWindow = creditWindow;
        _stopped = stopped;

        Receive<ReplConfOk>(_ => _master.Tell(_psync, Self));
        Receive<ReplConfError>(m => Refuse(m.Message));
        Receive<FullResync>(HandleFullResync);
        Receive<SnapshotChunk>(HandleChunk);
        Receive<SnapshotEnd>(_ => HandleSnapshotEnd());
        Receive<Continue>(HandleContinue);
        Receive<StreamData>(HandleStreamData);
        Receive<Ping>(_ => KeepAlive());
        Receive<GetAck>(_ => HandleGetAck());
        Receive<Ack>(m => _session?.Tell(m, Self));
        Receive<FailoverPromote>(HandleFailoverPromote);
        Receive<LinkClosed>(_ => Close());
        Receive<Terminated>(_ => Close());
        Receive<Lost>(_ =>
        {
            (_session ?? _master).Tell(new LinkClosed("the replica's connection closed"), Self);
            Close();
        });
        Receive<Flushed>(m => HandleFlushed(m.Result));
        Receive<FlushFailed>(_ => Self.Tell(Lost.Instance, Self));
    }

    public static Props Props(IActorRef master, ReplConf conf, Psync psync, PipeWriter output, Action close, IActorRef? control, int creditWindow,
        TaskCompletionSource stopped) =>
        Akka.Actor.Props.Create(() => new ReplicaLinkActor(master, conf, psync, output, close, control, creditWindow, stopped));

    /// <summary>Tells <paramref name="link"/> its connection ended (the replica went away, or the connection was killed).</summary>
    public static void ConnectionLost(IActorRef link) => link.Tell(Lost.Instance, ActorRefs.NoSender);

    private sealed record Lost : INoSerializationVerificationNeeded
    {
        public static readonly Lost Instance = new();
    }

    private sealed record Flushed(FlushResult Result) : INoSerializationVerificationNeeded;

    private sealed record FlushFailed(string Reason) : INoSerializationVerificationNeeded;

    protected override void PreStart() => _master.Tell(_conf, Self);

    protected override void PostStop() => _stopped.TrySetResult();

    /// <summary>The master refused the replica (masterauth, a deposed master's epoch): the error is PSYNC's reply, then the connection closes.</summary>
    private void Refuse(string message)
    {
        _output.Write("-"u8);
        _output.Write(System.Text.Encoding.UTF8.GetBytes(message));
        _output.Write("\r\n"u8);
        _closeAfterFlush = true;
        Flush();
    }

    private void Attach()
    {
        if (_session is not null) return;
        _session = Sender;
        Context.Watch(_session);
    }

    private void HandleFullResync(FullResync full)
    {
        Attach();
        _mark = ReplicationWire.NewMark();
        ReplicationWire.WriteFullResync(_output, full.ReplId, full.Offset, _mark);
        Flush();
        _session!.Tell(new Credit(_creditWindow), Self);
    }

    private void HandleChunk(SnapshotChunk chunk)
    {
        _output.Write(chunk.Bytes);
        _chunksUnflushed++;
        Flush();
    }

    private void HandleSnapshotEnd()
    {
        _output.Write(_mark);
        _mark = null;
        WriteGetAckIfDue();
        Flush();
    }

    private void HandleContinue(Continue cont)
    {
        Attach();
        ReplicationWire.WriteContinue(_output, cont.ReplId);
        WriteGetAckIfDue();
        Flush();
    }

    private void HandleStreamData(StreamData data)
    {
        if (data.Bytes.Length == 0)
        {
            KeepAlive(); // the session's keepalive on an idle link
            return;
        }
        _output.Write(data.Bytes);
        try
        {
            _stream.Advance(data.Bytes, out _);
        }
        catch (ReplicationWireException ex)
        {
            // Our own stream is not RESP: never expected; the replica would fail on it too, so the link goes.
            (_session ?? _master).Tell(new LinkClosed("the stream is not RESP: " + ex.Message), Self);
            Close();
            return;
        }
        WriteGetAckIfDue();
        Flush();
    }

    /// <summary>An empty line, where the replica reads lines or between commands; nothing inside the snapshot or a command.</summary>
    private void KeepAlive()
    {
        if (_mark is not null || !_stream.AtBoundary) return;
        _output.Write(ReplicationWire.KeepAlive);
        Flush();
    }

    private void HandleGetAck()
    {
        _getAckDue = true;
        WriteGetAckIfDue();
        Flush();
    }

    /// <summary>GETACK goes between commands of the stream: after +CONTINUE or the snapshot, at a command's end.</summary>
    private void WriteGetAckIfDue()
    {
        if (!_getAckDue || _session is null || _mark is not null || !_stream.AtBoundary) return;
        _getAckDue = false;
        _output.Write(ReplicationWire.GetAck);
    }

    private void HandleFailoverPromote(FailoverPromote promote)
    {
        if (_control is null) Sender.Tell(new FailoverRefused("the replica named no control address in its REPLCONF"), Self);
        else _control.Forward(promote);
    }

    /// <summary>One flush at a time; what is written meanwhile goes with the next. Snapshot credit returns as chunks leave.</summary>
    private void Flush()
    {
        if (_flushing)
        {
            _flushAgain = true;
            return;
        }
        _flushing = true;
        _flushAgain = false;
        _chunksInFlush = _chunksUnflushed;
        _chunksUnflushed = 0;
        var flush = _output.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            HandleFlushed(flush.Result);
            return;
        }
        flush.AsTask().PipeTo(Self, Self, r => new Flushed(r), ex => new FlushFailed(ex.Message));
    }

    private void HandleFlushed(FlushResult result)
    {
        _flushing = false;
        if (_chunksInFlush > 0) _session?.Tell(new Credit(_chunksInFlush), Self);
        _chunksInFlush = 0;
        if (_closeAfterFlush)
        {
            Close();
            return;
        }
        if (result.IsCompleted || result.IsCanceled)
        {
            Self.Tell(Lost.Instance, Self);
            return;
        }
        if (_flushAgain) Flush();
    }

    private void Close()
    {
        _close();
        Context.Stop(Self);
    }
}
