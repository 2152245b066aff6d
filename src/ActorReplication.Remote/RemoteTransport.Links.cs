using System.Buffers;
using System.Net.Sockets;
using ActorReplication.Actors;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Transport;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Remote;

public sealed partial class RemoteTransport
{
    /// <summary>Our connection to a peer is open: say who we are, then read its answer and whatever follows.</summary>
    internal void RunOutboundLink(Link link, Association association) => _ = Task.Run(() => RunLinkAsync(link, association));

    /// <summary>
    /// Runs one connection to its end: the handshake (the connecting side speaks first, within
    /// <c>remote.handshake-timeout</c>), then frames until either side closes. Whatever goes wrong closes this
    /// connection only.
    /// </summary>
    private async Task RunLinkAsync(Link link, Association? outboundFor)
    {
        _links.TryAdd(link, 0);
        using var handshakeTimeout = new CancellationTokenSource(Settings.HandshakeTimeout);
        using var onTimeout = handshakeTimeout.Token.Register(static state =>
        {
            var (transport, l) = ((RemoteTransport, Link))state!;
            if (!l.Established && l.Close("no handshake within remote.handshake-timeout"))
                transport.Log.Log(l.Inbound ? LogLevel.Information : LogLevel.Debug,
                    "Closed {Link}: the handshake did not complete within {Timeout}", l, transport.Settings.HandshakeTimeout);
        }, (this, link));
        try
        {
            if (IsStopping)
            {
                link.Close("remoting is stopping");
                return;
            }
            if (outboundFor is not null)
            {
                if (_faults?.For(outboundFor.RemoteAddress) is not { Blackhole: true })
                {
                    FrameCodec.Write(link.Output, FrameType.Handshake, CreateHandshake(outboundFor.RemoteAddress));
                    await link.Output.FlushAsync(link.Closing).ConfigureAwait(false);
                }
            }
            await ReadLoopAsync(link).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            link.Close("failed: " + ex.Message);
        }
        finally
        {
            link.Close(link.CloseReason ?? "closed");
            AddClosedStats(link);
            link.Association?.OnLinkClosed(link, link.CloseReason ?? "closed");
        }
    }

    private Handshake CreateHandshake(Address target)
    {
        var version = Settings.ProtocolVersion;
        var targetText = target.ToString();
        return new Handshake
        {
            SystemName = System.Name,
            OriginAddress = _addressText,
            Uid = Uid,
            ProtocolVersion = version,
            SecretProof = ByteString.CopyFrom(HandshakeProof.Compute(Settings.Secret, version, _addressText, Uid, targetText)),
            TargetAddress = targetText,
        };
    }

    private async Task ReadLoopAsync(Link link)
    {
        var input = link.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(link.Closing).ConfigureAwait(false);
                var buffer = result.Buffer;
                var start = buffer.Length;
                var keepReading = true;
                try
                {
                    if (!buffer.IsEmpty) link.Association?.Heard();
                    while (keepReading)
                    {
                        var max = link.Established ? Settings.MaximumFrameSize : RemoteSettings.MaximumHandshakeFrameSize;
                        if (!FrameCodec.TryRead(ref buffer, max, out var type, out var payload)) break;
                        link.FramesReceived++;
                        keepReading = HandleFrame(link, type, payload);
                    }
                }
                finally
                {
                    link.BytesReceived += start - buffer.Length;
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (!keepReading)
                {
                    if (link.FlushBeforeClose)
                    {
                        using var flushTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                        await link.Output.FlushAsync(flushTimeout.Token).ConfigureAwait(false);
                    }
                    link.Close(link.CloseReason ?? "closed after a refusal");
                    return;
                }
                if (result.IsCompleted)
                {
                    link.Close(buffer.IsEmpty ? "closed by the peer" : "closed by the peer in the middle of a frame");
                    return;
                }
            }
        }
        catch (ProtocolException ex)
        {
            if (link.Close("protocol violation: " + ex.Message))
                Log.LogWarning("Closed {Link}: {Reason}", link, link.Established ? ex.Message : "not a remoting peer (" + ex.Message + ")");
        }
        catch (OperationCanceledException)
        {
            // Closed while waiting for bytes.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            link.Close("read failed: " + ex.Message);
        }
    }

    /// <summary>Handles one frame; false stops reading (the link is closing).</summary>
    private bool HandleFrame(Link link, FrameType type, in ReadOnlySequence<byte> payload)
    {
        if (!link.Established)
        {
            if (link.Inbound)
            {
                if (type != FrameType.Handshake) throw new ProtocolException($"the first frame has type {(byte)type}, not a handshake");
                return HandleInboundHandshake(link, Parse(Handshake.Parser, payload));
            }
            return type switch
            {
                FrameType.HandshakeAck => HandleHandshakeAck(link, Parse(HandshakeAck.Parser, payload)),
                FrameType.HandshakeReject => HandleHandshakeReject(link, Parse(HandshakeReject.Parser, payload)),
                _ => throw new ProtocolException($"expected a handshake answer, got frame type {(byte)type}"),
            };
        }
        switch (type)
        {
            case FrameType.Heartbeat:
                return true;
            case FrameType.Envelope:
                if (payload.IsSingleSegment)
                {
                    DeliverEnvelope(payload.FirstSpan);
                }
                else
                {
                    var length = (int)payload.Length;
                    var rented = ArrayPool<byte>.Shared.Rent(length);
                    try
                    {
                        payload.CopyTo(rented);
                        DeliverEnvelope(rented.AsSpan(0, length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }
                return true;
            case FrameType.Selection:
                DeliverSelection(Parse(SelectionEnvelope.Parser, payload));
                return true;
            case FrameType.System:
                HandleSystemEnvelope(link, Parse(SystemEnvelope.Parser, payload));
                return true;
            case FrameType.Disassociate:
                HandleDisassociate(link, Parse(Disassociate.Parser, payload));
                return false;
            default:
                throw new ProtocolException($"unexpected frame type {(byte)type} on an established link");
        }
    }

    private bool HandleInboundHandshake(Link link, Handshake handshake)
    {
        var peer = string.IsNullOrEmpty(handshake.OriginAddress) ? link.RemoteEndPoint : $"{handshake.OriginAddress} ({link.RemoteEndPoint})";
        if (handshake.ProtocolVersion != Settings.ProtocolVersion)
            return Refuse(link, peer, RejectReason.VersionMismatch,
                $"it speaks wire protocol version {handshake.ProtocolVersion}, this node speaks {Settings.ProtocolVersion}");
        if (!Address.TryParse(handshake.OriginAddress, out var origin) || !IsRemotable(origin) || origin.System != handshake.SystemName || handshake.Uid == 0)
            throw new ProtocolException($"handshake with an invalid origin '{handshake.OriginAddress}' (system '{handshake.SystemName}', uid {handshake.Uid})");
        if (!Address.TryParse(handshake.TargetAddress, out var target) || target.System != System.Name)
            return Refuse(link, peer, RejectReason.WrongSystem, $"it wants system '{handshake.TargetAddress}', this is {Address}");
        if (!HandshakeProof.Verify(Settings.Secret, handshake.ProtocolVersion, handshake.OriginAddress, handshake.Uid, handshake.TargetAddress, handshake.SecretProof.Span))
            return Refuse(link, peer, RejectReason.WrongSecret, "it does not know the cluster secret (remote.secret)");
        if (IsQuarantined(origin, handshake.Uid))
            return Refuse(link, peer, RejectReason.Quarantined, $"its incarnation {handshake.Uid} is quarantined");
        link.RemoteAddress = origin;
        var association = GetOrCreateAssociation(origin);
        var refusal = association.OnInboundHandshake(link, handshake.Uid, WriteHandshakeAck);
        if (refusal is { } reason)
            return Refuse(link, peer, reason, reason == RejectReason.Duplicate ? "this node's own connection to it wins" : "this node is shutting down");
        return true;
    }

    private void WriteHandshakeAck(Link link)
    {
        if (_faults?.For(link.RemoteAddress!) is { Blackhole: true }) return;
        FrameCodec.Write(link.Output, FrameType.HandshakeAck,
            new HandshakeAck { Address = _addressText, Uid = Uid, ProtocolVersion = Settings.ProtocolVersion });
    }

    /// <summary>Refuses an inbound handshake: the reason goes back to the peer, the connection closes, nothing is delivered.</summary>
    private bool Refuse(Link link, string peer, RejectReason reason, string detail)
    {
        var level = reason is RejectReason.Duplicate or RejectReason.ShuttingDown ? LogLevel.Debug : LogLevel.Warning;
        Log.Log(level, "Refused a connection from {Peer}: {Detail}", peer, detail);
        if (level != LogLevel.Debug) System.EventStream.Publish(new RemotingLifecycle.HandshakeRefused(peer, $"{reason}: {detail}", Inbound: true));
        FrameCodec.Write(link.Output, FrameType.HandshakeReject,
            new HandshakeReject { Reason = reason, Detail = detail, ProtocolVersion = Settings.ProtocolVersion });
        link.FlushBeforeClose = true;
        link.SetCloseReason("refused: " + reason);
        return false;
    }

    private bool HandleHandshakeAck(Link link, HandshakeAck ack)
    {
        var association = link.Association!;
        if (!Address.TryParse(ack.Address, out var address) || !address.Equals(association.RemoteAddress))
        {
            Log.LogError("Closed the connection to {Remote}: the node there answers as {Actual}; every node must name a node by its public address",
                association.RemoteAddress, ack.Address);
            link.SetCloseReason("the peer answered as " + ack.Address);
            return false;
        }
        if (IsQuarantined(address, ack.Uid))
        {
            Log.LogWarning("Closed the connection to {Remote}#{Uid}: that incarnation is quarantined", address, ack.Uid);
            FrameCodec.Write(link.Output, FrameType.Disassociate, new Disassociate { Reason = DisassociateReason.Quarantined, Detail = "quarantined" });
            link.FlushBeforeClose = true;
            link.SetCloseReason("the peer's incarnation is quarantined");
            return false;
        }
        return association.OnHandshakeAck(link, ack.Uid);
    }

    private bool HandleHandshakeReject(Link link, HandshakeReject reject)
    {
        var association = link.Association!;
        link.SetCloseReason("refused by the peer: " + reject.Reason);
        association.OnHandshakeRejected(link, reject);
        switch (reject.Reason)
        {
            case RejectReason.Duplicate:
                Log.LogDebug("{Remote} keeps its own connection to this node", association.RemoteAddress);
                break;
            case RejectReason.Quarantined:
                OnQuarantinedByPeer(association);
                break;
            case RejectReason.ShuttingDown:
                Log.LogInformation("{Remote} refused the connection: it is shutting down", association.RemoteAddress);
                break;
            default:
                Log.LogError("{Remote} refused the connection ({Reason}): {Detail}", association.RemoteAddress, reject.Reason, reject.Detail);
                System.EventStream.Publish(new RemotingLifecycle.HandshakeRefused(association.RemoteAddress.ToString(), $"{reject.Reason}: {reject.Detail}", Inbound: false));
                break;
        }
        return false;
    }

    private void HandleDisassociate(Link link, Disassociate disassociate)
    {
        var association = link.Association!;
        link.SetCloseReason("the peer disassociated: " + disassociate.Reason);
        switch (disassociate.Reason)
        {
            case DisassociateReason.Shutdown:
                // That incarnation is gone for good: its actors are dead, whatever death notifications were lost.
                Quarantine(association.RemoteAddress, link.RemoteUid, "it shut down", LogLevel.Information, notifyPeer: false);
                break;
            case DisassociateReason.Quarantined:
                OnQuarantinedByPeer(association);
                break;
        }
    }

    private static T Parse<T>(MessageParser<T> parser, in ReadOnlySequence<byte> payload) where T : IMessage<T>
    {
        try
        {
            return payload.IsSingleSegment ? parser.ParseFrom(payload.FirstSpan) : parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ProtocolException($"malformed {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static bool IsRemotable(Address address) =>
        address.Protocol == Protocol && !string.IsNullOrEmpty(address.Host) && address.Port is > 0;
}
