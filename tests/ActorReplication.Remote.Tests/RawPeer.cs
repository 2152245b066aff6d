using System.Buffers.Binary;
using System.Net.Sockets;
using ActorReplication.Actors;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Transport;
using Google.Protobuf;

namespace ActorReplication.Remote.Tests;

/// <summary>A plain TCP client that speaks (or deliberately breaks) the remoting protocol, for robustness specs.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket) => _socket = socket;

    public static RawPeer Connect(Address address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(address.Host!, address.Port!.Value);
        return new RawPeer(socket);
    }

    /// <summary>A valid handshake from a made-up node, with a proof computed from <paramref name="secret"/>.</summary>
    public static Handshake Handshake(Address target, string secret = "", uint version = RemoteTransport.ProtocolVersion, long uid = 12345)
    {
        const string origin = "ar.tcp://stranger@127.0.0.1:1";
        return new Handshake
        {
            SystemName = "stranger",
            OriginAddress = origin,
            Uid = uid,
            ProtocolVersion = version,
            TargetAddress = target.ToString(),
            SecretProof = ByteString.CopyFrom(HandshakeProof.Compute(secret, version, origin, uid, target.ToString())),
        };
    }

    public void Send(byte[] bytes) => _socket.Send(bytes);

    public void Send(FrameType type, IMessage message) => Send(FrameCodec.ToArray(type, message));

    /// <summary>The next frame, or null when the node closed the connection first.</summary>
    public (FrameType Type, byte[] Payload)? ReadFrame(TimeSpan timeout)
    {
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        var header = new byte[FrameCodec.HeaderSize];
        if (!ReadExactly(header)) return null;
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header) - 1];
        if (!ReadExactly(payload)) return null;
        return ((FrameType)header[4], payload);
    }

    /// <summary>True when the node closes the connection within <paramref name="timeout"/> (whatever it sent before is skipped).</summary>
    public bool WaitClosed(TimeSpan timeout)
    {
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        var buffer = new byte[4096];
        try
        {
            while (true)
                if (_socket.Receive(buffer) == 0) return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut || ex.SocketErrorCode == SocketError.WouldBlock)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // reset by the node
        }
    }

    private bool ReadExactly(byte[] buffer)
    {
        var read = 0;
        try
        {
            while (read < buffer.Length)
            {
                var n = _socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
                if (n == 0) return false;
                read += n;
            }
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
