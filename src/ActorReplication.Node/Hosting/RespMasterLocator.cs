using System.Net.Sockets;
using System.Text;
using ActorReplication.Actors;
using ActorReplication.Replication;
using ActorReplication.Replication.Replica;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// REPLICAOF host port names the master's RESP address; replication runs between actors. Before each attempt the
/// replica connects to that RESP port as a client (AUTH with masterauth when set), reads <c>INFO server</c>'s
/// <c>remote_address</c> (the master's remoting address, <c>ar.tcp://node@host:port</c>), and resolves the master actor
/// there (<see cref="ReplicationManager.MasterPath"/>). No cluster is needed, and a master restarted on another remoting
/// port is found again. Every step is bounded by the attempt's cancellation (repl-timeout) and fails with a message for
/// the log and INFO (<c>master_link_status:down</c>).
/// </summary>
public sealed class RespMasterLocator(ActorSystem system, Address self, string masterAuth) : IMasterLocator
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    public async Task<IActorRef> LocateAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
    {
        var address = await ReadRemoteAddressAsync(endpoint, cancellationToken).ConfigureAwait(false);
        if (!Address.TryParse(address, out var parsed) || parsed.HasLocalScope)
            throw new IOException($"the master at {endpoint} gave remote_address '{address}', which is not a remoting address");
        if (parsed == self) throw new IOException($"the master at {endpoint} is this node");
        try
        {
            return await system.ActorSelection(address + ReplicationManager.MasterPath).ResolveOne(ResolveTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ActorNotFoundException or AskTimeoutException)
        {
            throw new IOException($"no replication master at {address} ({ex.Message})", ex);
        }
    }

    private async Task<string> ReadRemoteAddressAsync(MasterEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new IOException($"{ex.Message} ({endpoint})", ex);
        }
        var stream = client.GetStream();
        var reader = new Reader(stream);
        if (masterAuth.Length > 0)
        {
            await stream.WriteAsync(Encode("AUTH", masterAuth), cancellationToken).ConfigureAwait(false);
            var auth = await reader.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
            if (auth.StartsWith('-')) throw new IOException($"AUTH with masterauth failed: {auth[1..]}");
        }
        await stream.WriteAsync(Encode("INFO", "server"), cancellationToken).ConfigureAwait(false);
        var info = await reader.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        if (info.StartsWith('-')) throw new IOException($"INFO server failed on {endpoint}: {info[1..]}");
        foreach (var line in info.Split('\n'))
            if (line.StartsWith("remote_address:", StringComparison.Ordinal)) return line["remote_address:".Length..].Trim();
        throw new IOException($"{endpoint} does not say its remoting address (no remote_address in INFO server): it is not an ActorReplication node");
    }

    private static byte[] Encode(params string[] args)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args) sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Just enough RESP2 for the replies above: simple, error and bulk strings.</summary>
    private sealed class Reader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<string> ReadReplyAsync(CancellationToken cancellationToken)
        {
            var header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (header.Length == 0) throw new IOException("empty reply");
            switch (header[0])
            {
                case '+':
                case '-':
                    return header;
                case '$':
                    var length = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                    if (length < 0) return "";
                    if (length > _buffer.Length - 2) throw new IOException($"reply of {length} bytes is too long");
                    await FillAsync(length + 2, cancellationToken).ConfigureAwait(false);
                    var text = Encoding.UTF8.GetString(_buffer, _start, length);
                    _start += length + 2;
                    return text;
                default:
                    throw new IOException($"unexpected reply '{header}'");
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (lf > _start && _buffer[lf - 1] == '\r')
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, lf - 1 - _start);
                    _start = lf + 1;
                    return line;
                }
                await FillAsync(_end - _start + 1, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task FillAsync(int needed, CancellationToken cancellationToken)
        {
            if (_end - _start >= needed) return;
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            while (_end < needed)
            {
                if (_end == _buffer.Length) throw new IOException("reply too long");
                var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                if (n == 0) throw new IOException("the master closed the connection");
                _end += n;
            }
        }
    }
}
