using System.Buffers;
using System.Text;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Tests;

/// <summary>A keyspace with a manual clock, capturing replies and effects as strings (Latin-1, byte per char).</summary>
internal sealed class Harness
{
    private readonly ArrayBufferWriter<byte> _reply = new();
    private readonly ArrayBufferWriter<byte> _effects = new();
    private readonly RespWriter _replyWriter;
    private readonly RespWriter _effectsWriter;

    public Harness(KeyspaceSettings? settings = null, long startMs = 1_700_000_000_000)
    {
        Clock = new ManualClock(startMs);
        Ks = new KeyspaceEngine(settings ?? new KeyspaceSettings { RandomSeed = 42 }, Clock);
        _replyWriter = new RespWriter(_reply);
        _effectsWriter = new RespWriter(_effects);
    }

    public ManualClock Clock { get; }

    public KeyspaceEngine Ks { get; }

    public ClientSession Session { get; } = new();

    public RespProtocol Protocol
    {
        get => _replyWriter.Protocol;
        set => _replyWriter.Protocol = value;
    }

    public RespWriter EffectsWriter => _effectsWriter;

    /// <summary>Runs a command (RESP2 unless <see cref="Protocol"/> says otherwise) and returns its reply.</summary>
    public string Run(params string[] args) => Exec(RespCommand.Create(args));

    public string Exec(in RespCommand cmd)
    {
        _reply.Clear();
        Ks.Execute(Session, cmd, _replyWriter, _effectsWriter);
        return Latin1(_reply.WrittenSpan);
    }

    public string Run3(params string[] args)
    {
        RespProtocol old = Protocol;
        Protocol = RespProtocol.Resp3;
        try
        {
            return Run(args);
        }
        finally
        {
            Protocol = old;
        }
    }

    /// <summary>The effects written since the last call, as a string.</summary>
    public string TakeEffects()
    {
        string s = Latin1(_effects.WrittenSpan);
        _effects.Clear();
        return s;
    }

    public byte[] TakeEffectBytes()
    {
        byte[] b = _effects.WrittenSpan.ToArray();
        _effects.Clear();
        return b;
    }

    public string Digest() => Run("DEBUG", "DIGEST");

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>RESP encoding of a command (what an effect should look like).</summary>
    public static string Cmd(params string[] args)
    {
        var sb = new StringBuilder();
        sb.Append('*').Append(args.Length).Append("\r\n");
        foreach (string a in args)
        {
            sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>Bulk string reply.</summary>
    public static string Bulk(string s) => "$" + Encoding.UTF8.GetByteCount(s) + "\r\n" + s + "\r\n";

    public static string Arr(params string[] bulks)
    {
        var sb = new StringBuilder("*" + bulks.Length + "\r\n");
        foreach (string b in bulks)
        {
            sb.Append(b is null ? "$-1\r\n" : Bulk(b));
        }

        return sb.ToString();
    }

    public static string Err(string message) => "-" + message + "\r\n";

    public static string Int(long n) => ":" + n + "\r\n";

    public const string Ok = "+OK\r\n";
    public const string Nil = "$-1\r\n";
    public const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    public const string NotInt = "-ERR value is not an integer or out of range\r\n";
    public const string Syntax = "-ERR syntax error\r\n";

    public static string Arity(string cmd) => $"-ERR wrong number of arguments for '{cmd}' command\r\n";

    /// <summary>
    /// Runs (command line, expected reply) pairs in order, failing on the first reply that differs. Lines are written
    /// as in the differential tests: space-separated, double quotes group and allow \r \n \t \xHH \" \\; arguments
    /// and replies are Latin-1 (byte per char). "HELLO 2" / "HELLO 3" switch the reply protocol (their expected reply
    /// is ignored).
    /// </summary>
    public void Golden(params string[] pairs)
    {
        for (int i = 0; i + 1 < pairs.Length; i += 2)
        {
            string line = pairs[i];
            string[] args = Tokenize(line);
            if (args[0].Equals("HELLO", StringComparison.OrdinalIgnoreCase))
            {
                Protocol = args[1] == "3" ? RespProtocol.Resp3 : RespProtocol.Resp2;
                continue;
            }

            string actual = Exec(RespCommand.Create(args.Select(a => Encoding.Latin1.GetBytes(a)).ToArray()));
            if (actual != pairs[i + 1])
            {
                throw new Xunit.Sdk.XunitException(
                    $"line {(i / 2) + 1}: {line}\n  expected: {Escape(pairs[i + 1])}\n  actual:   {Escape(actual)}");
            }
        }
    }

    /// <summary>Splits a command line (see <see cref="Golden"/>).</summary>
    public static string[] Tokenize(string text)
    {
        var args = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var arg = new StringBuilder();
            if (text[i] == '"')
            {
                i++;
                while (text[i] != '"')
                {
                    if (text[i] == '\\')
                    {
                        i++;
                        switch (text[i])
                        {
                            case 'r': arg.Append('\r'); break;
                            case 'n': arg.Append('\n'); break;
                            case 't': arg.Append('\t'); break;
                            case 'x':
                                arg.Append((char)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                                i += 2;
                                break;
                            default: arg.Append(text[i]); break;
                        }
                    }
                    else
                    {
                        arg.Append(text[i]);
                    }

                    i++;
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ' ')
                {
                    arg.Append(text[i++]);
                }
            }

            args.Add(arg.ToString());
        }

        return [.. args];
    }

    private static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>Parses an effect stream into commands and applies them to <paramref name="replica"/> as its master link.</summary>
    public static void Apply(byte[] effects, KeyspaceEngine replica, ClientSession? link = null)
    {
        link ??= new ClientSession { IsMasterLink = true };
        var parser = new RespRequestParser();
        var batch = new RespRequestBatch();
        var seq = new ReadOnlySequence<byte>(effects);
        parser.Parse(ref seq, batch);
        if (seq.Length != 0)
        {
            throw new InvalidOperationException("effects left unparsed: " + seq.Length + " bytes");
        }

        var sink = new ArrayBufferWriter<byte>();
        var reply = new RespWriter(sink);
        for (int i = 0; i < batch.Count; i++)
        {
            RespCommand cmd = batch[i];
            sink.Clear();
            replica.Execute(link, cmd, reply, null);
            if (sink.WrittenCount > 0 && sink.WrittenSpan[0] == (byte)'-')
            {
                throw new InvalidOperationException($"replica rejected effect {cmd}: {Latin1(sink.WrittenSpan)}");
            }
        }
    }
}
