using System.Net.Sockets;
using System.Threading.Channels;
using ActorReplication.Actors;
using ActorReplication.Remote.Protocol;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Remote.Transport;

/// <summary>
/// Everything this node holds about one peer address: the outbound queue, the one established link (whichever side
/// opened it), the peer's incarnation uid, and reconnection with backoff. Messages are queued in send order and one
/// writer at a time drains the queue into the active link, so order per sender and receiver holds; what is lost with
/// a failing link stays lost (at most once).
/// </summary>
/// <remarks>
/// When both nodes connect at the same moment, the connection opened by the node whose address sorts first wins:
/// each side applies the same rule, so they agree without another round trip.
/// </remarks>
internal sealed class Association
{
    private readonly RemoteTransport _transport;
    private readonly Channel<OutboundItem> _queue = Channel.CreateUnbounded<OutboundItem>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly object _gate = new();
    private Link? _active;
    private Link? _handshaking;
    private bool _dialing;
    private bool _backoffPending;
    private int _failures;
    private long _remoteUid;
    private volatile bool _refusedByPeer;
    private long _lastHeard = Environment.TickCount64;
    private long _heartbeatSequence;
    private long _dropped;
    private int _sendTicker;
    private Task _lastWriter = Task.CompletedTask;

    public Association(RemoteTransport transport, Address remoteAddress)
    {
        _transport = transport;
        RemoteAddress = remoteAddress;
    }

    public Address RemoteAddress { get; }

    /// <summary>The peer's incarnation as of the last handshake; 0 before the first.</summary>
    public long RemoteUid => Interlocked.Read(ref _remoteUid);

    public bool IsActive => Volatile.Read(ref _active) is not null;

    /// <summary>This node's incarnation was quarantined by the peer: nothing more is sent to it.</summary>
    public bool IsRefusedByPeer => _refusedByPeer;

    /// <summary><see cref="Environment.TickCount64"/> when the peer was last heard from (any frame).</summary>
    public long LastHeard => Volatile.Read(ref _lastHeard);

    public int QueuedCount => _queue.Reader.Count;

    internal Link? ActiveLink => Volatile.Read(ref _active);

    public void Heard() => Volatile.Write(ref _lastHeard, Environment.TickCount64);

    public void Send(in OutboundItem item)
    {
        if (_refusedByPeer || _transport.IsStopping)
        {
            CountDropped(item, _refusedByPeer ? "the peer quarantined this node" : "remoting is shutting down");
            return;
        }
        var active = Volatile.Read(ref _active) is not null;
        // Counting the queue is not free: while connected it is checked every 256 sends (a racy tick is fine).
        if ((!active || (++_sendTicker & 255) == 0) && _queue.Reader.Count >= _transport.Settings.OutboundQueueSize)
        {
            CountDropped(item, $"the outbound queue is full ({_transport.Settings.OutboundQueueSize} messages)");
            return;
        }
        _queue.Writer.TryWrite(item);
        if (!active) EnsureConnecting();
    }

    /// <summary>Once per heartbeat interval: heartbeat the peer, or reconnect when something waits for it.</summary>
    public void Tick()
    {
        if (Volatile.Read(ref _active) is not null)
        {
            _queue.Writer.TryWrite(OutboundItem.ForControl(OutboundKind.Heartbeat, new Heartbeat { Sequence = ++_heartbeatSequence }));
            return;
        }
        if (NeedsConnection()) EnsureConnecting();
    }

    public void EnsureConnecting()
    {
        lock (_gate)
        {
            if (_active is not null || _handshaking is not null || _dialing || _backoffPending || _refusedByPeer || _transport.IsStopping)
                return;
            _dialing = true;
        }
        _ = Task.Run(DialAsync);
    }

    private async Task DialAsync()
    {
        Socket? socket = null;
        try
        {
            _transport.Log.LogDebug("Connecting to {Remote}", RemoteAddress);
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using (var timeout = new CancellationTokenSource(_transport.Settings.HandshakeTimeout))
                await socket.ConnectAsync(RemoteAddress.Host!, RemoteAddress.Port!.Value, timeout.Token).ConfigureAwait(false);
            var link = new Link(socket, inbound: false, RemoteAddress) { Association = this };
            socket = null;
            bool wanted;
            lock (_gate)
            {
                _dialing = false;
                wanted = _active is null && !_refusedByPeer && !_transport.IsStopping;
                if (wanted) _handshaking = link;
            }
            if (wanted) _transport.RunOutboundLink(link, this);
            else link.Close("not needed any more");
        }
        catch (Exception ex)
        {
            socket?.Dispose();
            _transport.Log.LogDebug("Could not connect to {Remote}: {Reason}", RemoteAddress, ex.Message);
            lock (_gate)
            {
                _dialing = false;
                _failures++;
                if (NeedsConnection()) ScheduleReconnect();
            }
        }
    }

    /// <summary>Our outbound link got the peer's HandshakeAck (already checked by the transport).</summary>
    public bool OnHandshakeAck(Link link, long remoteUid)
    {
        long previousUid;
        lock (_gate)
        {
            if (_handshaking != link || _transport.IsStopping)
            {
                previousUid = -1;
            }
            else
            {
                _handshaking = null;
                previousUid = _remoteUid;
                Establish(link, remoteUid);
            }
        }
        if (previousUid == -1)
        {
            link.Close("superseded by another connection");
            return false;
        }
        _transport.OnAssociated(this, link, previousUid);
        return true;
    }

    /// <summary>
    /// The peer connected to us with a valid handshake. Returns the reason to refuse, or null after adopting the link
    /// (the HandshakeAck is written first, before any queued frame).
    /// </summary>
    public RejectReason? OnInboundHandshake(Link link, long remoteUid, Action<Link> writeAck)
    {
        long previousUid;
        Link? ours, replaced;
        lock (_gate)
        {
            if (_transport.IsStopping) return RejectReason.ShuttingDown;
            if ((_handshaking is not null || _dialing) && _transport.WinsSimultaneousConnect(RemoteAddress))
                return RejectReason.Duplicate;
            ours = _handshaking;
            replaced = _active;
            _handshaking = null;
            previousUid = _remoteUid;
            _refusedByPeer = false;
            writeAck(link);
            link.HasUnflushedHandshake = true;
            Establish(link, remoteUid);
        }
        // Closed outside the lock: a closing link's reader may run its end inline and call back into OnLinkClosed.
        ours?.Close("superseded by the peer's connection");
        replaced?.Close("replaced by a new connection from the peer");
        _transport.OnAssociated(this, link, previousUid);
        return null;
    }

    private void Establish(Link link, long remoteUid)
    {
        _remoteUid = remoteUid;
        link.RemoteUid = remoteUid;
        link.Association = this;
        link.Established = true;
        _failures = 0;
        Heard();
        Volatile.Write(ref _active, link);
        var previousWriter = _lastWriter;
        _lastWriter = Task.Run(() => WriteLoopAsync(link, previousWriter));
    }

    public void OnHandshakeRejected(Link link, HandshakeReject reject)
    {
        lock (_gate)
        {
            if (_handshaking != link) return;
            _handshaking = null;
            switch (reject.Reason)
            {
                case RejectReason.Duplicate:
                    // The peer keeps its own connection to us; it arrives as an inbound link.
                    break;
                case RejectReason.Quarantined:
                    _refusedByPeer = true;
                    DropQueued("the peer quarantined this node");
                    break;
                default:
                    _failures++;
                    DropQueued($"the peer refused the handshake ({reject.Reason})");
                    if (NeedsConnection()) ScheduleReconnect();
                    break;
            }
        }
    }

    /// <summary>A link of this association closed (read loop ended, write failed, timeout or deliberate close).</summary>
    public void OnLinkClosed(Link link, string reason)
    {
        bool wasActive;
        lock (_gate)
        {
            if (link == _handshaking)
            {
                _handshaking = null;
                wasActive = false;
                _failures++;
            }
            else if (link == _active)
            {
                Volatile.Write(ref _active, null);
                wasActive = true;
                _failures++;
            }
            else
            {
                return;
            }
            if (!_transport.IsStopping && NeedsConnection()) ScheduleReconnect();
        }
        if (wasActive) _transport.OnDisassociated(this, reason);
    }

    /// <summary>
    /// Incarnation <paramref name="uid"/> of the peer is quarantined: unless a newer incarnation is already current,
    /// queued messages (meant for it) are dropped and the link closed, after telling the peer why when
    /// <paramref name="notifyPeer"/>.
    /// </summary>
    public void OnQuarantined(long uid, bool notifyPeer)
    {
        Link? close = null, handshaking;
        lock (_gate)
        {
            if (uid != 0 && _remoteUid != 0 && _remoteUid != uid) return;
            _remoteUid = 0;
            DropQueued("the peer's incarnation was quarantined");
            handshaking = _handshaking;
            _handshaking = null;
            if (_active is not null)
            {
                if (notifyPeer)
                    _queue.Writer.TryWrite(OutboundItem.ForControl(OutboundKind.Disassociate,
                        new Disassociate { Reason = DisassociateReason.Quarantined, Detail = "quarantined" }));
                else
                    close = _active;
            }
        }
        handshaking?.Close("quarantined");
        close?.Close("quarantined");
    }

    /// <summary>The peer told us (Disassociate or HandshakeReject) that it quarantined this node.</summary>
    public void OnQuarantinedByPeer()
    {
        Link? active;
        lock (_gate)
        {
            _refusedByPeer = true;
            DropQueued("the peer quarantined this node");
            active = _active;
        }
        active?.Close("quarantined by the peer");
    }

    /// <summary>Shutdown: queue a farewell behind what is queued; returns when the writer has written it (or failed).</summary>
    public Task BeginShutdown()
    {
        Link? handshaking;
        Task farewell;
        lock (_gate)
        {
            handshaking = _handshaking;
            if (_active is null)
            {
                DropQueued("remoting is shutting down");
                farewell = Task.CompletedTask;
            }
            else
            {
                _queue.Writer.TryWrite(OutboundItem.ForControl(OutboundKind.Disassociate,
                    new Disassociate { Reason = DisassociateReason.Shutdown, Detail = "actor system terminating" }));
                farewell = _lastWriter;
            }
        }
        handshaking?.Close("shutting down");
        return farewell;
    }

    public void Abort(string reason)
    {
        Link? active, handshaking;
        lock (_gate)
        {
            active = _active;
            handshaking = _handshaking;
        }
        active?.Close(reason);
        handshaking?.Close(reason);
    }

    private bool NeedsConnection() =>
        !_refusedByPeer && (_queue.Reader.Count > 0 || _transport.Watcher.IsWatching(RemoteAddress));

    private void ScheduleReconnect()
    {
        if (_backoffPending) return;
        _backoffPending = true;
        var settings = _transport.Settings;
        var exponent = Math.Min(Math.Max(_failures - 1, 0), 20);
        var delay = TimeSpan.FromTicks(Math.Min(settings.ReconnectBackoffMax.Ticks, settings.ReconnectBackoffMin.Ticks << exponent));
        _ = Task.Delay(delay).ContinueWith(static (_, state) => ((Association)state!).BackoffElapsed(), this, TaskScheduler.Default);
    }

    private void BackoffElapsed()
    {
        lock (_gate) _backoffPending = false;
        if (NeedsConnection()) EnsureConnecting();
    }

    private void DropQueued(string reason)
    {
        var count = 0;
        while (_queue.Reader.TryRead(out var item))
            if (item.IsUserMessage || item.Kind == OutboundKind.System) count++;
        if (count > 0)
            _transport.Log.LogWarning("Dropped {Count} message(s) queued for {Remote}: {Reason}", count, RemoteAddress, reason);
    }

    private void CountDropped(in OutboundItem item, string reason)
    {
        if (!item.IsUserMessage && item.Kind != OutboundKind.System) return;
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 10_000 == 0)
            _transport.Log.LogWarning("Dropping messages for {Remote}: {Reason} ({Dropped} so far)", RemoteAddress, reason, dropped);
    }

    /// <summary>
    /// The one writer of the active link: drains the queue into the link's pipe, flushing when the queue is empty or
    /// the buffered bytes pass <c>remote.write-buffer-size</c>. Waits for the previous link's writer to finish first.
    /// </summary>
    private async Task WriteLoopAsync(Link link, Task previousWriter)
    {
        try
        {
            await previousWriter.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The previous writer's failure was its link's business.
        }
        var reader = _queue.Reader;
        var output = link.Output;
        var token = link.Closing;
        var encoder = _transport.CreateEncoder();
        var faults = _transport.FaultsOrNull;
        var faultVersion = -1;
        LinkFault? fault = null;
        var flushAt = _transport.Settings.WriteBufferSize;
        long unflushed = link.HasUnflushedHandshake ? 1 : 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (reader.TryRead(out var item))
                {
                    if (faults is not null && faults.Version != faultVersion)
                    {
                        faultVersion = faults.Version;
                        fault = faults.For(RemoteAddress);
                    }
                    var written = 0;
                    if (fault is null || !(fault.Blackhole || (item.IsUserMessage && fault.DropsNext())))
                        written = encoder.Encode(output, in item);
                    if (written > 0)
                    {
                        link.FramesSent++;
                        link.BytesSent += written;
                        unflushed += written;
                    }
                    if (item.Kind == OutboundKind.Disassociate)
                    {
                        await output.FlushAsync(token).ConfigureAwait(false);
                        link.Close("disassociated: " + ((Disassociate)item.Control!).Reason);
                        break;
                    }
                    if (fault is { BytesPerSecond: > 0 } && written > 0)
                    {
                        await output.FlushAsync(token).ConfigureAwait(false);
                        unflushed = 0;
                        await Task.Delay(TimeSpan.FromSeconds((double)written / fault.BytesPerSecond), token).ConfigureAwait(false);
                    }
                    else if (unflushed >= flushAt)
                    {
                        unflushed = 0;
                        if ((await output.FlushAsync(token).ConfigureAwait(false)).IsCompleted) break;
                    }
                    continue;
                }
                if (unflushed > 0)
                {
                    unflushed = 0;
                    if ((await output.FlushAsync(token).ConfigureAwait(false)).IsCompleted) break;
                    continue;
                }
                if (!await reader.WaitToReadAsync(token).ConfigureAwait(false)) break;
            }
        }
        catch (OperationCanceledException)
        {
            // The link closed.
        }
        catch (Exception ex)
        {
            if (link.Close("write failed: " + ex.Message))
                _transport.Log.LogDebug("Writing to {Link} failed: {Reason}", link, ex.Message);
        }
    }

    public override string ToString() => $"Association({RemoteAddress}#{RemoteUid})";
}
