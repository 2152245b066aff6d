using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ActorReplication.Actors;

namespace ActorReplication.Remote.Transport;

/// <summary>
/// One TCP connection between two nodes. It starts unauthenticated; after the handshake it belongs to the
/// <see cref="Association"/> of the peer, which writes to it from its queue. Closing is idempotent and final.
/// </summary>
internal sealed class Link
{
    private readonly CancellationTokenSource _closing = new();
    private readonly NetworkStream _stream;
    private int _closed;

    public Link(Socket socket, bool inbound, Address? expectedRemote)
    {
        Socket = socket;
        Inbound = inbound;
        RemoteAddress = expectedRemote;
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public Socket Socket { get; }

    public bool Inbound { get; }

    /// <summary>The peer's public address: expected for outbound links, learned from the handshake for inbound ones.</summary>
    public Address? RemoteAddress { get; set; }

    public long RemoteUid { get; set; }

    public string RemoteEndPoint { get; }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public Association? Association { get; set; }

    /// <summary>True once the handshake completed on this link.</summary>
    public volatile bool Established;

    /// <summary>A frame (the handshake ack) was written before the writer loop took over; it flushes first.</summary>
    public bool HasUnflushedHandshake { get; set; }

    public CancellationToken Closing => _closing.Token;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public string? CloseReason { get; private set; }

    /// <summary>A refusal or farewell was written; the reader flushes it before closing.</summary>
    public bool FlushBeforeClose { get; set; }

    /// <summary>Records why the link is about to close (the first reason wins).</summary>
    public void SetCloseReason(string reason) => CloseReason ??= reason;

    // Written by the one writer loop and the one reader loop respectively; read for statistics.
    public long FramesSent;
    public long BytesSent;
    public long FramesReceived;
    public long BytesReceived;

    /// <summary>Closes the socket. Returns false when the link was already closed.</summary>
    public bool Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
        CloseReason ??= reason;
        try
        {
            _closing.Cancel();
        }
        catch (AggregateException)
        {
            // A registration threw; the link is closing regardless.
        }
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
        _stream.Dispose();
        return true;
    }

    public override string ToString() =>
        $"{(Inbound ? "inbound" : "outbound")} link {RemoteEndPoint}{(RemoteAddress is null ? "" : " " + RemoteAddress)}";
}
