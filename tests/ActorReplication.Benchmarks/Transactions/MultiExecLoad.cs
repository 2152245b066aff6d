using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorReplication.Benchmarks.Transactions;

/// <summary>
/// <c>multi-exec-load --port P [--clients 50] [--transactions 200000] [--pipeline 16]</c>: each client sends
/// <c>--pipeline</c> transactions per write (<c>MULTI</c>, <c>INCR tx:counter:N</c>, <c>SET tx:key:N value</c>,
/// <c>EXEC</c>: four commands, five replies counting EXEC's two inside its array) and waits for all their replies
/// before the next write, as <c>redis-benchmark -P</c> does. Prints one CSV line: port, clients, pipeline, transactions,
/// seconds, transactions/s, commands/s. Works against any RESP server (run it against redis-server and the node alike).
/// </summary>
public static class MultiExecLoad
{
    public static int Run(string[] args)
    {
        int port = 0, clients = 50, pipeline = 16;
        long transactions = 200_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--port": port = value; break;
                case "--clients": clients = value; break;
                case "--transactions": transactions = value; break;
                case "--pipeline": pipeline = value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (port == 0)
        {
            Console.Error.WriteLine("usage: multi-exec-load --port P [--clients 50] [--transactions 200000] [--pipeline 16]");
            return 2;
        }

        var perClient = transactions / clients / pipeline;
        var sockets = new Socket[clients];
        for (var c = 0; c < clients; c++)
        {
            sockets[c] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            sockets[c].Connect(new IPEndPoint(IPAddress.Loopback, port));
        }
        var watch = Stopwatch.StartNew();
        var tasks = new Task[clients];
        for (var c = 0; c < clients; c++)
        {
            var socket = sockets[c];
            var id = c;
            tasks[c] = Task.Run(() => RunClient(socket, id, pipeline, perClient));
        }
        Task.WaitAll(tasks);
        watch.Stop();
        foreach (var s in sockets) s.Dispose();
        var done = perClient * pipeline * clients;
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{port},{clients},{pipeline},{done},{seconds:F3},{done / seconds:F0},{done * 4 / seconds:F0}"));
        return 0;
    }

    private static byte[] Command(params string[] args)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args) sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task RunClient(Socket socket, int id, int pipeline, long rounds)
    {
        var one = new List<byte>();
        one.AddRange(Command("MULTI"));
        one.AddRange(Command("INCR", $"tx:counter:{id % 100}"));
        one.AddRange(Command("SET", $"tx:key:{id % 100}", new string('x', 64)));
        one.AddRange(Command("EXEC"));
        var request = new byte[one.Count * pipeline];
        for (var p = 0; p < pipeline; p++) one.CopyTo(request, p * one.Count);
        var buffer = new byte[64 * 1024];
        for (long r = 0; r < rounds; r++)
        {
            await socket.SendAsync(request, SocketFlags.None);
            // Top-level replies per transaction: +OK, +QUEUED, +QUEUED, EXEC's array.
            var counter = new ReplyCounter();
            var expected = 4L * pipeline;
            while (counter.TopLevel < expected)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0) throw new IOException("the server closed the connection");
                counter.Feed(buffer.AsSpan(0, n));
            }
            if (counter.Errors > 0) throw new InvalidOperationException($"{counter.Errors} error replies");
        }
    }

    /// <summary>Counts complete top-level RESP2 replies (simple types, integers, arrays; no bulk strings in these replies).</summary>
    private sealed class ReplyCounter
    {
        private readonly Stack<long> _open = new();
        private bool _inLine;
        private bool _lineIsArray;
        private bool _lineIsError;
        private long _number;
        private bool _negative;
        private bool _lineStart = true;

        public long TopLevel { get; private set; }

        public long Errors { get; private set; }

        public void Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (_lineStart)
                {
                    _lineStart = false;
                    _inLine = true;
                    _lineIsArray = b == (byte)'*';
                    _lineIsError = b == (byte)'-';
                    _number = 0;
                    _negative = false;
                    continue;
                }
                if (b == (byte)'\n')
                {
                    _lineStart = true;
                    _inLine = false;
                    if (_lineIsError) Errors++;
                    if (_lineIsArray && !_negative && _number > 0) _open.Push(_number);
                    else Complete();
                    continue;
                }
                if (_inLine && _lineIsArray)
                {
                    if (b == (byte)'-') _negative = true;
                    else if (b >= (byte)'0' && b <= (byte)'9') _number = (_number * 10) + (b - '0');
                }
            }
        }

        private void Complete()
        {
            while (true)
            {
                if (_open.Count == 0)
                {
                    TopLevel++;
                    return;
                }
                var left = _open.Pop() - 1;
                if (left > 0)
                {
                    _open.Push(left);
                    return;
                }
            }
        }
    }
}
