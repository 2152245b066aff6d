using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorReplication.Resp;

/// <summary>The RESP protocol version negotiated with a client (HELLO 2 / HELLO 3).</summary>
public enum RespProtocol
{
    Resp2 = 2,
    Resp3 = 3,
}

/// <summary>
/// Appends RESP replies to an <see cref="IBufferWriter{T}"/> (a PipeWriter or an ArrayBufferWriter).
/// Not thread-safe. Allocation-free in every path except the <see cref="string"/> convenience overloads'
/// (which encode UTF-8 straight into the output, so they do not allocate either).
/// </summary>
public sealed class RespWriter
{
    // Beyond this payload size a bulk string is copied in chunks instead of asking for one contiguous span.
    private const int ContiguousPayloadLimit = 16 * 1024;

    // Longest header: one type byte + "-9223372036854775808" (20) + CRLF.
    private const int MaxHeaderLength = 24;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private IBufferWriter<byte> _output;

    public RespWriter(IBufferWriter<byte> output, RespProtocol protocol = RespProtocol.Resp2)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Protocol = protocol;
    }

    /// <summary>The destination; can be retargeted per batch.</summary>
    public IBufferWriter<byte> Output
    {
        get => _output;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _output = value;
        }
    }

    public RespProtocol Protocol { get; set; }

    private bool IsResp3 => Protocol == RespProtocol.Resp3;

    /// <summary>Appends pre-encoded bytes, e.g. a constant such as <c>"+OK\r\n"u8</c>.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => CopyToOutput(bytes);

    /// <summary><c>+OK\r\n</c></summary>
    public void WriteOk() => CopyToOutput("+OK\r\n"u8);

    /// <summary><c>+QUEUED\r\n</c></summary>
    public void WriteQueued() => CopyToOutput("+QUEUED\r\n"u8);

    /// <summary><c>+PONG\r\n</c></summary>
    public void WritePong() => CopyToOutput("+PONG\r\n"u8);

    /// <summary>A simple string; CR and LF are replaced by spaces so the frame stays valid.</summary>
    public void WriteSimpleString(ReadOnlySpan<byte> s) => WriteLine((byte)'+', s);

    public void WriteSimpleString(string s) => WriteLine((byte)'+', s);

    /// <summary>An error reply. <paramref name="messageWithoutDash"/> is e.g. <c>ERR syntax error</c>.</summary>
    public void WriteError(ReadOnlySpan<byte> messageWithoutDash) => WriteLine((byte)'-', messageWithoutDash);

    public void WriteError(string message) => WriteLine((byte)'-', message);

    public void WriteInteger(long value)
    {
        if ((ulong)value < 10)
        {
            Span<byte> small = [(byte)':', (byte)('0' + (int)value), (byte)'\r', (byte)'\n'];
            CopyToOutput(small);
            return;
        }

        WritePrefixedNumber((byte)':', value);
    }

    public void WriteBulkString(ReadOnlySpan<byte> value)
    {
        if (value.Length <= ContiguousPayloadLimit)
        {
            Span<byte> span = _output.GetSpan(value.Length + MaxHeaderLength);
            int n = FormatPrefixed(span, (byte)'$', value.Length);
            value.CopyTo(span[n..]);
            n += value.Length;
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            _output.Advance(n + 2);
            return;
        }

        WritePrefixedNumber((byte)'$', value.Length);
        CopyToOutput(value);
        CopyToOutput("\r\n"u8);
    }

    public void WriteBulkString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int byteCount = Utf8.GetByteCount(value);
        if (byteCount <= ContiguousPayloadLimit)
        {
            Span<byte> span = _output.GetSpan(byteCount + MaxHeaderLength);
            int n = FormatPrefixed(span, (byte)'$', byteCount);
            n += Utf8.GetBytes(value, span[n..]);
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            _output.Advance(n + 2);
            return;
        }

        WritePrefixedNumber((byte)'$', byteCount);
        WriteUtf8Chunked(value);
        CopyToOutput("\r\n"u8);
    }

    /// <summary>The integer's decimal text as a bulk string (e.g. INCRBYFLOAT-style replies, replication of counters).</summary>
    public void WriteBulkString(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int len);
        WriteBulkString(digits[..len]);
    }

    /// <summary>Header only (<c>$len\r\n</c>) for a bulk string whose payload the caller streams; it must then write the payload and <see cref="WriteCrlf"/>.</summary>
    public void WriteBulkStringHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        WritePrefixedNumber((byte)'$', length);
    }

    public void WriteCrlf() => CopyToOutput("\r\n"u8);

    /// <summary>RESP2 <c>$-1</c>, RESP3 <c>_</c>.</summary>
    public void WriteNull() => CopyToOutput(IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>RESP2 <c>*-1</c>, RESP3 <c>_</c>.</summary>
    public void WriteNullArray() => CopyToOutput(IsResp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteAggregateHeader((byte)'*', count);
    }

    public void WriteEmptyArray() => CopyToOutput("*0\r\n"u8);

    /// <summary>RESP3 <c>~</c>, RESP2 <c>*</c>.</summary>
    public void WriteSetHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteAggregateHeader(IsResp3 ? (byte)'~' : (byte)'*', count);
    }

    /// <summary>RESP3 <c>%pairs</c>, RESP2 <c>*</c> with 2*pairs elements.</summary>
    public void WriteMapHeader(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        if (IsResp3)
        {
            WriteAggregateHeader((byte)'%', pairs);
        }
        else
        {
            WritePrefixedNumber((byte)'*', 2L * pairs);
        }
    }

    /// <summary>RESP3 push (<c>&gt;</c>), RESP2 <c>*</c>.</summary>
    public void WritePushHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteAggregateHeader(IsResp3 ? (byte)'>' : (byte)'*', count);
    }

    /// <summary>RESP3 <c>,</c>; RESP2 bulk string. Formatting follows Redis (<c>inf</c>, <c>-inf</c>, <c>nan</c>, integers without a fraction, shortest round-trip digits).</summary>
    public void WriteDouble(double value)
    {
        Span<byte> text = stackalloc byte[RespDoubleFormatter.MaxLength];
        int len = RespDoubleFormatter.Format(value, text);
        if (IsResp3)
        {
            WriteLine((byte)',', text[..len]);
        }
        else
        {
            WriteBulkString(text[..len]);
        }
    }

    /// <summary>A sorted-set score as Redis 7.0 replies with it: RESP3 <c>,</c>, RESP2 bulk string, C's <c>%.17g</c> digits.</summary>
    public void WriteScore(double value)
    {
        Span<byte> text = stackalloc byte[RespDoubleFormatter.MaxLength];
        int len = RespDoubleFormatter.FormatG17(value, text);
        if (IsResp3)
        {
            WriteLine((byte)',', text[..len]);
        }
        else
        {
            WriteBulkString(text[..len]);
        }
    }

    /// <summary>RESP3 <c>#t</c>/<c>#f</c>; RESP2 integer 1/0.</summary>
    public void WriteBoolean(bool value)
    {
        if (IsResp3)
        {
            CopyToOutput(value ? "#t\r\n"u8 : "#f\r\n"u8);
        }
        else
        {
            CopyToOutput(value ? ":1\r\n"u8 : ":0\r\n"u8);
        }
    }

    /// <summary>RESP3 verbatim string with format <c>txt</c>; RESP2 bulk string.</summary>
    public void WriteVerbatim(ReadOnlySpan<byte> text) => WriteVerbatim(text, "txt"u8);

    /// <summary>RESP3 verbatim string with a three-byte format (<c>txt</c> or <c>mkd</c>); RESP2 bulk string.</summary>
    public void WriteVerbatim(ReadOnlySpan<byte> text, ReadOnlySpan<byte> format)
    {
        if (!IsResp3)
        {
            WriteBulkString(text);
            return;
        }

        if (format.Length != 3)
        {
            throw new ArgumentException("Verbatim format must be exactly three bytes.", nameof(format));
        }

        WritePrefixedNumber((byte)'=', text.Length + 4L);
        Span<byte> prefix = [format[0], format[1], format[2], (byte)':'];
        CopyToOutput(prefix);
        CopyToOutput(text);
        CopyToOutput("\r\n"u8);
    }

    public void WriteVerbatim(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsResp3)
        {
            WriteBulkString(text);
            return;
        }

        int byteCount = Utf8.GetByteCount(text);
        WritePrefixedNumber((byte)'=', byteCount + 4L);
        CopyToOutput("txt:"u8);
        WriteUtf8Chunked(text);
        CopyToOutput("\r\n"u8);
    }

    /// <summary>RESP3 big number <c>(</c>; RESP2 bulk string. <paramref name="digits"/> is the decimal text.</summary>
    public void WriteBigNumber(ReadOnlySpan<byte> digits)
    {
        if (IsResp3)
        {
            WriteLine((byte)'(', digits);
        }
        else
        {
            WriteBulkString(digits);
        }
    }

    // ---- command encoding (replication stream / client requests): an array of bulk strings ----

    public void WriteCommand(ReadOnlySpan<byte> name)
    {
        CopyToOutput("*1\r\n"u8);
        WriteBulkString(name);
    }

    public void WriteCommand(ReadOnlySpan<byte> name, ReadOnlySpan<byte> arg1)
    {
        CopyToOutput("*2\r\n"u8);
        WriteBulkString(name);
        WriteBulkString(arg1);
    }

    public void WriteCommand(ReadOnlySpan<byte> name, ReadOnlySpan<byte> arg1, ReadOnlySpan<byte> arg2)
    {
        CopyToOutput("*3\r\n"u8);
        WriteBulkString(name);
        WriteBulkString(arg1);
        WriteBulkString(arg2);
    }

    public void WriteCommand(ReadOnlySpan<byte> name, ReadOnlySpan<byte> arg1, ReadOnlySpan<byte> arg2, ReadOnlySpan<byte> arg3)
    {
        CopyToOutput("*4\r\n"u8);
        WriteBulkString(name);
        WriteBulkString(arg1);
        WriteBulkString(arg2);
        WriteBulkString(arg3);
    }

    public void WriteCommand(ReadOnlySpan<byte> name, ReadOnlySpan<byte> arg1, ReadOnlySpan<byte> arg2, ReadOnlySpan<byte> arg3, ReadOnlySpan<byte> arg4)
    {
        CopyToOutput("*5\r\n"u8);
        WriteBulkString(name);
        WriteBulkString(arg1);
        WriteBulkString(arg2);
        WriteBulkString(arg3);
        WriteBulkString(arg4);
    }

    /// <summary>Re-encodes a parsed command (e.g. to forward it on the replication stream).</summary>
    public void WriteCommand(in RespCommand command)
    {
        int count = command.ArgCount;
        WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
        {
            WriteBulkString(command.Arg(i));
        }
    }

    /// <summary>RESP3 blob error (<c>!len</c>); RESP2 simple error.</summary>
    public void WriteBlobError(ReadOnlySpan<byte> message)
    {
        if (!IsResp3)
        {
            WriteError(message);
            return;
        }

        WritePrefixedNumber((byte)'!', message.Length);
        CopyToOutput(message);
        CopyToOutput("\r\n"u8);
    }

    /// <summary>RESP3 attribute header (<c>|pairs</c>), to be followed by the pairs and then the value; nothing in RESP2 (the caller must then skip the pairs).</summary>
    public void WriteAttributeHeader(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        if (IsResp3)
        {
            WriteAggregateHeader((byte)'|', pairs);
        }
    }

    /// <summary>
    /// Writes a reply tree (tests, proxies; not a hot path). Types RESP2 lacks degrade as the individual methods do;
    /// attributes are written only in RESP3.
    /// </summary>
    public void WriteValue(RespValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Attributes is { Count: > 0 } attributes && IsResp3)
        {
            WriteAggregateHeader((byte)'|', attributes.Count / 2);
            for (int i = 0; i < attributes.Count; i++)
            {
                WriteValue(attributes[i]);
            }
        }

        switch (value.Type)
        {
            case RespType.SimpleString:
                WriteSimpleString(value.Bytes);
                break;
            case RespType.Error:
                WriteError(value.Bytes);
                break;
            case RespType.BlobError:
                WriteBlobError(value.Bytes);
                break;
            case RespType.Integer:
                WriteInteger(value.Integer);
                break;
            case RespType.BulkString:
                WriteBulkString(value.Bytes);
                break;
            case RespType.Null:
            case RespType.NullBulkString:
                WriteNull();
                break;
            case RespType.NullArray:
                WriteNullArray();
                break;
            case RespType.Double:
                WriteDouble(value.Double);
                break;
            case RespType.Boolean:
                WriteBoolean(value.Boolean);
                break;
            case RespType.Verbatim:
                WriteVerbatim(value.Bytes, Encoding.ASCII.GetBytes(value.Format ?? "txt"));
                break;
            case RespType.BigNumber:
                WriteBigNumber(value.Bytes);
                break;
            default:
                IReadOnlyList<RespValue> items = value.Items;
                switch (value.Type)
                {
                    case RespType.Map:
                        WriteMapHeader(items.Count / 2);
                        break;
                    case RespType.Set:
                        WriteSetHeader(items.Count);
                        break;
                    case RespType.Push:
                        WritePushHeader(items.Count);
                        break;
                    default:
                        WriteArrayHeader(items.Count);
                        break;
                }

                for (int i = 0; i < items.Count; i++)
                {
                    WriteValue(items[i]);
                }

                break;
        }
    }

    // ---- helpers ----

    private void WriteAggregateHeader(byte prefix, int count)
    {
        if ((uint)count < 10)
        {
            Span<byte> small = [prefix, (byte)('0' + count), (byte)'\r', (byte)'\n'];
            CopyToOutput(small);
            return;
        }

        WritePrefixedNumber(prefix, count);
    }

    private void WritePrefixedNumber(byte prefix, long value)
    {
        Span<byte> span = _output.GetSpan(MaxHeaderLength);
        int n = FormatPrefixed(span, prefix, value);
        _output.Advance(n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FormatPrefixed(Span<byte> span, byte prefix, long value)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out int written);
        int n = 1 + written;
        span[n] = (byte)'\r';
        span[n + 1] = (byte)'\n';
        return n + 2;
    }

    private void WriteLine(byte prefix, ReadOnlySpan<byte> text)
    {
        if (text.Length <= ContiguousPayloadLimit)
        {
            Span<byte> span = _output.GetSpan(text.Length + 3);
            span[0] = prefix;
            Span<byte> body = span.Slice(1, text.Length);
            text.CopyTo(body);
            SanitizeLine(body);
            int n = 1 + text.Length;
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            _output.Advance(n + 2);
            return;
        }

        Span<byte> p = [prefix];
        CopyToOutput(p);
        while (!text.IsEmpty)
        {
            Span<byte> span = _output.GetSpan(1);
            int n = Math.Min(span.Length, text.Length);
            text[..n].CopyTo(span);
            SanitizeLine(span[..n]);
            _output.Advance(n);
            text = text[n..];
        }

        CopyToOutput("\r\n"u8);
    }

    private void WriteLine(byte prefix, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int byteCount = Utf8.GetByteCount(text);
        if (byteCount <= ContiguousPayloadLimit)
        {
            Span<byte> span = _output.GetSpan(byteCount + 3);
            span[0] = prefix;
            int written = Utf8.GetBytes(text, span[1..]);
            SanitizeLine(span.Slice(1, written));
            int n = 1 + written;
            span[n] = (byte)'\r';
            span[n + 1] = (byte)'\n';
            _output.Advance(n + 2);
            return;
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            int written = Utf8.GetBytes(text, rented);
            WriteLine(prefix, rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void SanitizeLine(Span<byte> body)
    {
        int i = body.IndexOfAny((byte)'\r', (byte)'\n');
        while (i >= 0)
        {
            body[i] = (byte)' ';
            int next = body[(i + 1)..].IndexOfAny((byte)'\r', (byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
    }

    private void CopyToOutput(ReadOnlySpan<byte> bytes)
    {
        Span<byte> span = _output.GetSpan(bytes.Length);
        if (span.Length >= bytes.Length)
        {
            bytes.CopyTo(span);
            _output.Advance(bytes.Length);
            return;
        }

        while (!bytes.IsEmpty)
        {
            span = _output.GetSpan(1);
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            _output.Advance(n);
            bytes = bytes[n..];
        }
    }

    private void WriteUtf8Chunked(string value)
    {
        Encoder encoder = Utf8.GetEncoder();
        ReadOnlySpan<char> chars = value;
        bool completed = false;
        while (!completed)
        {
            Span<byte> span = _output.GetSpan(16);
            encoder.Convert(chars, span, flush: true, out int charsUsed, out int bytesUsed, out completed);
            _output.Advance(bytesUsed);
            chars = chars[charsUsed..];
        }
    }
}
