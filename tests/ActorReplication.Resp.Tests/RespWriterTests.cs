using System.Buffers;
using System.Text;
using static ActorReplication.Resp.Tests.TestSupport;

namespace ActorReplication.Resp.Tests;

public class RespWriterTests
{
    private static readonly Dictionary<string, Action<RespWriter>> Methods = new()
    {
        ["Raw"] = w => w.WriteRaw("+OK\r\n"u8),
        ["Ok"] = w => w.WriteOk(),
        ["Queued"] = w => w.WriteQueued(),
        ["Pong"] = w => w.WritePong(),
        ["SimpleBytes"] = w => w.WriteSimpleString("hello"u8),
        ["SimpleString"] = w => w.WriteSimpleString("héllo"),
        ["SimpleSanitized"] = w => w.WriteSimpleString("a\r\nb"),
        ["ErrorBytes"] = w => w.WriteError("ERR syntax error"u8),
        ["ErrorString"] = w => w.WriteError("WRONGTYPE Operation against a key holding the wrong kind of value"),
        ["ErrorSanitized"] = w => w.WriteError("ERR bad\nthing"u8),
        ["Integer0"] = w => w.WriteInteger(0),
        ["Integer9"] = w => w.WriteInteger(9),
        ["Integer10"] = w => w.WriteInteger(10),
        ["IntegerNeg"] = w => w.WriteInteger(-1),
        ["IntegerMin"] = w => w.WriteInteger(long.MinValue),
        ["IntegerMax"] = w => w.WriteInteger(long.MaxValue),
        ["BulkBytes"] = w => w.WriteBulkString("abc"u8),
        ["BulkEmpty"] = w => w.WriteBulkString(ReadOnlySpan<byte>.Empty),
        ["BulkBinary"] = w => w.WriteBulkString("a\r\nb\0"u8),
        ["BulkString"] = w => w.WriteBulkString("é"),
        ["BulkLong"] = w => w.WriteBulkString(-1234L),
        ["BulkLongMin"] = w => w.WriteBulkString(long.MinValue),
        ["Null"] = w => w.WriteNull(),
        ["NullArray"] = w => w.WriteNullArray(),
        ["Array0"] = w => w.WriteArrayHeader(0),
        ["Array12"] = w => w.WriteArrayHeader(12),
        ["EmptyArray"] = w => w.WriteEmptyArray(),
        ["Set3"] = w => w.WriteSetHeader(3),
        ["Map2"] = w => w.WriteMapHeader(2),
        ["Map6"] = w => w.WriteMapHeader(6),
        ["Push3"] = w => w.WritePushHeader(3),
        ["Double1.5"] = w => w.WriteDouble(1.5),
        ["Double3"] = w => w.WriteDouble(3.0),
        ["DoubleInf"] = w => w.WriteDouble(double.PositiveInfinity),
        ["DoubleNegInf"] = w => w.WriteDouble(double.NegativeInfinity),
        ["DoubleNaN"] = w => w.WriteDouble(double.NaN),
        ["Double1e300"] = w => w.WriteDouble(1e300),
        ["True"] = w => w.WriteBoolean(true),
        ["False"] = w => w.WriteBoolean(false),
        ["Verbatim"] = w => w.WriteVerbatim("a\r\nb"u8),
        ["VerbatimMkd"] = w => w.WriteVerbatim("# x"u8, "mkd"u8),
        ["VerbatimString"] = w => w.WriteVerbatim("ok"),
        ["BigNumber"] = w => w.WriteBigNumber("-123456789012345678901234567890"u8),
        ["BlobError"] = w => w.WriteBlobError("ERR x\r\ny"u8),
        ["Attribute"] = w => w.WriteAttributeHeader(1),
        ["Command1"] = w => w.WriteCommand("PING"u8),
        ["Command2"] = w => w.WriteCommand("GET"u8, "k"u8),
        ["Command3"] = w => w.WriteCommand("SET"u8, "k"u8, "v"u8),
        ["Command4"] = w => w.WriteCommand("HSET"u8, "h"u8, "f"u8, ""u8),
        ["Command5"] = w => w.WriteCommand("SET"u8, "k"u8, "v"u8, "EX"u8, "10"u8),
        ["CommandParsed"] = w => w.WriteCommand(RespCommand.Create("SELECT", "0")),
        ["BulkHeader"] = w =>
        {
            w.WriteBulkStringHeader(2);
            w.WriteRaw("hi"u8);
            w.WriteCrlf();
        },
    };

    public static TheoryData<string, string, string> Goldens() => new()
    {
        // method, RESP2 bytes, RESP3 bytes
        { "Raw", "+OK\r\n", "+OK\r\n" },
        { "Ok", "+OK\r\n", "+OK\r\n" },
        { "Queued", "+QUEUED\r\n", "+QUEUED\r\n" },
        { "Pong", "+PONG\r\n", "+PONG\r\n" },
        { "SimpleBytes", "+hello\r\n", "+hello\r\n" },
        { "SimpleString", "+h\u00c3\u00a9llo\r\n", "+h\u00c3\u00a9llo\r\n" },
        { "SimpleSanitized", "+a  b\r\n", "+a  b\r\n" },
        { "ErrorBytes", "-ERR syntax error\r\n", "-ERR syntax error\r\n" },
        { "ErrorString", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n" },
        { "ErrorSanitized", "-ERR bad thing\r\n", "-ERR bad thing\r\n" },
        { "Integer0", ":0\r\n", ":0\r\n" },
        { "Integer9", ":9\r\n", ":9\r\n" },
        { "Integer10", ":10\r\n", ":10\r\n" },
        { "IntegerNeg", ":-1\r\n", ":-1\r\n" },
        { "IntegerMin", ":-9223372036854775808\r\n", ":-9223372036854775808\r\n" },
        { "IntegerMax", ":9223372036854775807\r\n", ":9223372036854775807\r\n" },
        { "BulkBytes", "$3\r\nabc\r\n", "$3\r\nabc\r\n" },
        { "BulkEmpty", "$0\r\n\r\n", "$0\r\n\r\n" },
        { "BulkBinary", "$5\r\na\r\nb\0\r\n", "$5\r\na\r\nb\0\r\n" },
        { "BulkString", "$2\r\n\u00c3\u00a9\r\n", "$2\r\n\u00c3\u00a9\r\n" },
        { "BulkLong", "$5\r\n-1234\r\n", "$5\r\n-1234\r\n" },
        { "BulkLongMin", "$20\r\n-9223372036854775808\r\n", "$20\r\n-9223372036854775808\r\n" },
        { "Null", "$-1\r\n", "_\r\n" },
        { "NullArray", "*-1\r\n", "_\r\n" },
        { "Array0", "*0\r\n", "*0\r\n" },
        { "Array12", "*12\r\n", "*12\r\n" },
        { "EmptyArray", "*0\r\n", "*0\r\n" },
        { "Set3", "*3\r\n", "~3\r\n" },
        { "Map2", "*4\r\n", "%2\r\n" },
        { "Map6", "*12\r\n", "%6\r\n" },
        { "Push3", "*3\r\n", ">3\r\n" },
        { "Double1.5", "$3\r\n1.5\r\n", ",1.5\r\n" },
        { "Double3", "$1\r\n3\r\n", ",3\r\n" },
        { "DoubleInf", "$3\r\ninf\r\n", ",inf\r\n" },
        { "DoubleNegInf", "$4\r\n-inf\r\n", ",-inf\r\n" },
        { "DoubleNaN", "$3\r\nnan\r\n", ",nan\r\n" },
        { "Double1e300", "$6\r\n1e+300\r\n", ",1e+300\r\n" },
        { "True", ":1\r\n", "#t\r\n" },
        { "False", ":0\r\n", "#f\r\n" },
        { "Verbatim", "$4\r\na\r\nb\r\n", "=8\r\ntxt:a\r\nb\r\n" },
        { "VerbatimMkd", "$3\r\n# x\r\n", "=7\r\nmkd:# x\r\n" },
        { "VerbatimString", "$2\r\nok\r\n", "=6\r\ntxt:ok\r\n" },
        { "BigNumber", "$31\r\n-123456789012345678901234567890\r\n", "(-123456789012345678901234567890\r\n" },
        { "BlobError", "-ERR x  y\r\n", "!8\r\nERR x\r\ny\r\n" },
        { "Attribute", "", "|1\r\n" },
        { "Command1", "*1\r\n$4\r\nPING\r\n", "*1\r\n$4\r\nPING\r\n" },
        { "Command2", "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n" },
        { "Command3", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n" },
        { "Command4", "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n$0\r\n\r\n", "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n$0\r\n\r\n" },
        { "Command5", "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nEX\r\n$2\r\n10\r\n", "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nEX\r\n$2\r\n10\r\n" },
        { "CommandParsed", "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n", "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" },
        { "BulkHeader", "$2\r\nhi\r\n", "$2\r\nhi\r\n" },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Writes_exact_bytes_per_protocol(string method, string resp2, string resp3)
    {
        Assert.Equal(resp2, WriteText(RespProtocol.Resp2, Methods[method]));
        Assert.Equal(resp3, WriteText(RespProtocol.Resp3, Methods[method]));
    }

    [Fact]
    public void Every_method_has_a_golden()
    {
        var covered = new HashSet<string>();
        foreach (object[] row in Goldens())
        {
            covered.Add((string)row[0]);
        }

        Assert.Equal(Methods.Keys.OrderBy(k => k), covered.OrderBy(k => k));
    }

    [Fact]
    public void Protocol_and_output_can_be_changed_between_replies()
    {
        var first = new ArrayBufferWriter<byte>();
        var second = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(first);
        writer.WriteNull();
        writer.Protocol = RespProtocol.Resp3;
        writer.WriteNull();
        writer.Output = second;
        writer.WriteBoolean(true);
        Assert.Equal("$-1\r\n_\r\n", Encoding.ASCII.GetString(first.WrittenSpan));
        Assert.Equal("#t\r\n", Encoding.ASCII.GetString(second.WrittenSpan));
        Assert.Same(second, writer.Output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData((16 * 1024) + 1)]
    [InlineData(100_000)]
    public void Large_payloads_are_written_through_small_buffers(int size)
    {
        byte[] payload = new byte[size];
        new Random(size).NextBytes(payload);
        string text = new('é', size / 2);
        foreach (var output in new IBufferWriter<byte>[] { new ArrayBufferWriter<byte>(), new TinySpanWriter() })
        {
            var writer = new RespWriter(output, RespProtocol.Resp3);
            writer.WriteBulkString(payload);
            writer.WriteBulkString(text);
            writer.WriteVerbatim(payload);
            writer.WriteVerbatim(text);
            writer.WriteSimpleString(text);
            writer.WriteError(payload.Select(b => b is (byte)'\r' or (byte)'\n' ? (byte)'x' : b).ToArray());
            byte[] written = output is ArrayBufferWriter<byte> a ? a.WrittenSpan.ToArray() : ((TinySpanWriter)output).Written;
            var buffer = new ReadOnlySequence<byte>(written);
            var reader = new RespReplyReader();
            Assert.True(reader.TryRead(ref buffer, out RespValue? v1));
            Assert.Equal(payload, v1.Bytes);
            Assert.True(reader.TryRead(ref buffer, out RespValue? v2));
            Assert.Equal(text, v2.AsString());
            Assert.True(reader.TryRead(ref buffer, out RespValue? v3));
            Assert.Equal(RespType.Verbatim, v3.Type);
            Assert.Equal(payload, v3.Bytes);
            Assert.True(reader.TryRead(ref buffer, out RespValue? v4));
            Assert.Equal(text, v4.AsString());
            Assert.True(reader.TryRead(ref buffer, out RespValue? v5));
            Assert.Equal(text, v5.AsString());
            Assert.True(reader.TryRead(ref buffer, out RespValue? v6));
            Assert.Equal(RespType.Error, v6.Type);
            Assert.Equal(0, buffer.Length);
        }
    }

    [Fact]
    public void Common_replies_do_not_allocate()
    {
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var writer = new RespWriter(output, RespProtocol.Resp3);
        void WriteAll()
        {
            writer.WriteOk();
            writer.WriteInteger(123456);
            writer.WriteBulkString("value"u8);
            writer.WriteBulkString(42L);
            writer.WriteNull();
            writer.WriteArrayHeader(3);
            writer.WriteMapHeader(2);
            writer.WriteDouble(3.25);
            writer.WriteDouble(1e-20);
            writer.WriteBoolean(true);
            writer.WriteError("ERR x"u8);
            writer.WriteSimpleString("OK");
            writer.WriteBulkString("string");
            writer.WriteCommand("SET"u8, "k"u8, "v"u8);
        }

        WriteAll();
        output.ResetWrittenCount();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            WriteAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Hands out spans of exactly the hinted size (1 byte for no hint), to exercise chunked writes.</summary>
    private sealed class TinySpanWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _current = new byte[64];

        public byte[] Written => _written.ToArray();

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            int size = Math.Max(sizeHint, 1);
            if (_current.Length < size)
            {
                _current = new byte[size];
            }

            return _current.AsMemory(0, size);
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
