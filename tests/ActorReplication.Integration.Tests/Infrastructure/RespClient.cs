using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>
/// A raw RESP client over one socket: sends exact bytes (or a command as a multibulk) and reads back exact reply
/// bytes, one reply at a time or everything until the server closes. Every read is bounded by a timeout.
/// </summary>
public sealed class RespClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RespClient(Socket socket) => _socket = socket;

    public static async Task<RespClient> ConnectAsync(int port, TimeSpan? timeout = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RespClient(socket);
    }

    /// <summary><c>*N\r\n$len\r\narg\r\n...</c> with UTF-8 arguments.</summary>
    public static byte[] Encode(params string[] args) => Encode(args.Select(Encoding.UTF8.GetBytes).ToArray());

    /// <summary><c>*N\r\n$len\r\narg\r\n...</c> with the arguments' exact bytes.</summary>
    public static byte[] Encode(IReadOnlyList<byte[]> args)
    {
        var text = new StringBuilder().Append('*').Append(args.Count).Append("\r\n");
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(text.ToString()));
        foreach (var bytes in args)
        {
            output.Write(Encoding.ASCII.GetBytes($"${bytes.Length}\r\n"));
            output.Write(bytes);
            output.Write("\r\n"u8);
        }
        return output.ToArray();
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cts.Token);
            bytes = bytes[sent..];
        }
    }

    public Task SendCommandAsync(params string[] args) => SendAsync(Encode(args));

    /// <summary>Sends a command and reads its reply.</summary>
    public async Task<Reply> CommandAsync(params string[] args)
    {
        await SendCommandAsync(args);
        return await ReadReplyAsync();
    }

    /// <summary>Sends a command of binary arguments and reads its reply.</summary>
    public async Task<Reply> CommandAsync(IReadOnlyList<byte[]> args)
    {
        await SendAsync(Encode(args));
        return await ReadReplyAsync();
    }

    /// <summary>Closes the sending side (the server sees end of input).</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads exactly one reply. Throws <see cref="TimeoutException"/> if it is not complete in time, <see cref="EndOfStreamException"/> if the server closes first.</summary>
    public async Task<Reply> ReadReplyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            var position = _start;
            var reply = Reply.TryParse(_buffer.AsSpan(0, _end), ref position);
            if (reply is not null)
            {
                _start = position;
                return reply;
            }
            if (await ReceiveAsync(cts, timeout ?? DefaultTimeout) == 0)
                throw new EndOfStreamException($"The server closed the connection; unparsed bytes: '{Reply.Escape(_buffer.AsSpan(_start, _end - _start))}'");
        }
    }

    /// <summary>Reads <paramref name="count"/> replies (e.g. after a pipelined write).</summary>
    public async Task<List<Reply>> ReadRepliesAsync(int count, TimeSpan timeout)
    {
        var deadline = new Deadline(timeout);
        var replies = new List<Reply>(count);
        for (var i = 0; i < count; i++) replies.Add(await ReadReplyAsync(deadline.Remaining));
        return replies;
    }

    /// <summary>Everything the server sends until it closes the connection (what was buffered included). Throws <see cref="TimeoutException"/> if it stays open.</summary>
    public async Task<byte[]> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (await ReceiveAsync(cts, timeout ?? DefaultTimeout) > 0)
            {
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A reset after the server's last bytes counts as closed.
        }
        var all = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end = 0;
        return all;
    }

    private async Task<int> ReceiveAsync(CancellationTokenSource cts, TimeSpan timeout)
    {
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            var live = _end - _start;
            var bigger = live * 2 > _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
            Array.Copy(_buffer, _start, bigger, 0, live);
            _buffer = bigger;
            _start = 0;
            _end = live;
        }
        try
        {
            var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cts.Token);
            _end += n;
            return n;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete reply within {timeout}; received so far: '{Reply.Escape(_buffer.AsSpan(_start, Math.Min(_end - _start, 400)))}'");
        }
    }

    public void Dispose() => _socket.Dispose();
}
