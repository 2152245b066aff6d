using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ActorReplication.Resp;

/// <summary>
/// Client-side reader for any RESP2/RESP3 reply (simple, error, integer, bulk, null, array, map, set, push, double,
/// boolean, verbatim, big number, blob error, attributes) into a <see cref="RespValue"/> tree. Incomplete input returns
/// false and consumes nothing; malformed input throws <see cref="RespProtocolException"/>.
/// <para>
/// A large reply arriving in many reads is not rescanned from the start each time: the reader remembers how far the
/// frame was validated. Between a false return and the next call pass the same unconsumed data (plus whatever
/// arrived), as a PipeReader does; call <see cref="Reset"/> when switching streams. Not thread-safe.
/// </para>
/// </summary>
public sealed class RespReplyReader
{
    private const int MaxNumberLength = 64;

    // Resumable validation state for the frame at the start of the buffer.
    private long _scanned;
    private int[] _pending = new int[8];
    private int _depth;

    public long MaxBulkLength { get; set; } = RespRequestParser.DefaultMaxBulkLength;

    /// <summary>Longest simple string / error / number line.</summary>
    public int MaxLineLength { get; set; } = 1024 * 1024;

    /// <summary>Deepest accepted nesting of aggregates.</summary>
    public int MaxDepth { get; set; } = 256;

    /// <summary>Forgets any partially validated frame.</summary>
    public void Reset()
    {
        _scanned = 0;
        _depth = 0;
    }

    /// <summary>Reads one reply with a fresh reader (tests, one-off use).</summary>
    public static bool TryReadOne(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out RespValue? value) =>
        new RespReplyReader().TryRead(ref buffer, out value);

    public static bool TryReadOne(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out RespValue? value, out int consumed)
    {
        var buffer = new ReadOnlySequence<byte>(bytes.ToArray());
        bool ok = TryReadOne(ref buffer, out value);
        consumed = (int)(bytes.Length - buffer.Length);
        return ok;
    }

    /// <summary>Reads one reply from the start of <paramref name="buffer"/> and slices the buffer past it.</summary>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (_scanned > buffer.Length)
        {
            Reset();
        }

        long frameLength;
        try
        {
            if (!TryScan(buffer, out frameLength))
            {
                return false;
            }
        }
        catch
        {
            Reset();
            throw;
        }

        Reset();
        ReadOnlySequence<byte> frame = buffer.Slice(0, frameLength);
        var reader = new SequenceReader<byte>(frame);
        value = Materialize(ref reader);
        buffer = buffer.Slice(frameLength);
        return true;
    }

    /// <summary>Validates from where the last call stopped; true when a whole frame is present.</summary>
    private bool TryScan(ReadOnlySequence<byte> buffer, out long frameLength)
    {
        frameLength = 0;
        var reader = new SequenceReader<byte>(buffer.Slice(_scanned));
        while (true)
        {
            if (!TryReadHeader(ref reader, out Header h))
            {
                return false;
            }

            if (h.ChildCount > 0)
            {
                if (_depth >= MaxDepth)
                {
                    throw new RespProtocolException("Protocol error: nesting too deep");
                }

                if (_depth == _pending.Length)
                {
                    System.Array.Resize(ref _pending, _depth * 2);
                }

                _pending[_depth++] = h.ChildCount;
            }
            else
            {
                // A complete element: close every aggregate it completes.
                while (_depth > 0)
                {
                    if (--_pending[_depth - 1] > 0)
                    {
                        break;
                    }

                    _depth--;
                }

                if (_depth == 0)
                {
                    frameLength = _scanned + reader.Consumed;
                    return true;
                }
            }

            // Everything up to here is validated; resume after it next time.
            _scanned += reader.Consumed;
            reader = new SequenceReader<byte>(reader.UnreadSequence);
        }
    }

    private RespValue Materialize(ref SequenceReader<byte> reader)
    {
        TryReadHeader(ref reader, out Header h);
        if (h.Type == (byte)'|')
        {
            int pairs = (h.ChildCount - 1) / 2;
            var attributes = new RespValue[pairs * 2];
            for (int i = 0; i < attributes.Length; i++)
            {
                attributes[i] = Materialize(ref reader);
            }

            return Materialize(ref reader).WithAttributes(attributes);
        }

        switch (h.Type)
        {
            case (byte)'+':
                return RespValue.SimpleString(ToArray(h.Payload));
            case (byte)'-':
                return RespValue.Error(ToArray(h.Payload));
            case (byte)'!':
                return RespValue.BlobError(ToArray(h.Payload));
            case (byte)':':
                return RespValue.FromInteger(h.Number);
            case (byte)',':
                return RespValue.FromDouble(h.Double);
            case (byte)'#':
                return RespValue.FromBoolean(h.Number != 0);
            case (byte)'_':
                return RespValue.Null;
            case (byte)'(':
                return RespValue.BigNumber(ToArray(h.Payload));
            case (byte)'$':
                return h.Number < 0 ? RespValue.NullBulkString : RespValue.BulkString(ToArray(h.Payload));
            case (byte)'=':
            {
                byte[] all = ToArray(h.Payload);
                return RespValue.Verbatim(Encoding.Latin1.GetString(all, 0, 3), all.AsSpan(4));
            }

            default:
            {
                if (h.Number < 0)
                {
                    return RespValue.NullArray;
                }

                var items = new RespValue[h.ChildCount];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = Materialize(ref reader);
                }

                RespType type = h.Type switch
                {
                    (byte)'%' => RespType.Map,
                    (byte)'~' => RespType.Set,
                    (byte)'>' => RespType.Push,
                    _ => RespType.Array,
                };
                return RespValue.Aggregate(type, items);
            }
        }
    }

    private struct Header
    {
        public byte Type;
        public long Number;
        public double Double;

        // Children still to read for an aggregate (maps count keys and values; attributes also count the value they annotate).
        public int ChildCount;
        public ReadOnlySequence<byte> Payload;
    }

    /// <summary>Reads and validates one element's header, plus its payload for non-aggregates. False if incomplete.</summary>
    private bool TryReadHeader(ref SequenceReader<byte> reader, out Header h)
    {
        h = default;
        SequenceReader<byte> r = reader;
        if (!r.TryRead(out byte type))
        {
            return false;
        }

        h.Type = type;
        if ("+-:(,#_$!=*~%>|"u8.IndexOf(type) < 0)
        {
            throw new RespProtocolException("Protocol error: invalid reply type byte '" + (char)type + "'");
        }

        if (!TryReadLine(ref r, out ReadOnlySequence<byte> line))
        {
            return false;
        }

        switch (type)
        {
            case (byte)'+':
            case (byte)'-':
                h.Payload = line;
                break;
            case (byte)':':
                h.Number = ParseInteger(line, "Protocol error: invalid integer");
                break;
            case (byte)'(':
                ParseInteger(line, "Protocol error: invalid big number", bigNumber: true);
                h.Payload = line;
                break;
            case (byte)',':
                h.Double = ParseDouble(line);
                break;
            case (byte)'#':
                if (line.Length != 1 || (line.FirstSpan[0] != (byte)'t' && line.FirstSpan[0] != (byte)'f'))
                {
                    throw new RespProtocolException("Protocol error: invalid boolean");
                }

                h.Number = line.FirstSpan[0] == (byte)'t' ? 1 : 0;
                break;
            case (byte)'_':
                if (line.Length != 0)
                {
                    throw new RespProtocolException("Protocol error: invalid null");
                }

                break;
            case (byte)'$':
            case (byte)'!':
            case (byte)'=':
            {
                long len = ParseInteger(line, "Protocol error: invalid bulk length");
                if (len == -1 && type == (byte)'$')
                {
                    h.Number = -1;
                    break;
                }

                if (len < 0 || len > MaxBulkLength || (type == (byte)'=' && len < 4))
                {
                    throw new RespProtocolException("Protocol error: invalid bulk length");
                }

                if (r.Remaining < len + 2)
                {
                    return false;
                }

                h.Payload = r.UnreadSequence.Slice(0, len);
                r.Advance(len);
                if (!r.IsNext("\r\n"u8, advancePast: true))
                {
                    throw new RespProtocolException("Protocol error: expected CRLF after bulk payload");
                }

                if (type == (byte)'=' && h.Payload.Slice(3, 1).FirstSpan[0] != (byte)':')
                {
                    throw new RespProtocolException("Protocol error: invalid verbatim string");
                }

                break;
            }

            case (byte)'*':
            case (byte)'~':
            case (byte)'%':
            case (byte)'>':
            case (byte)'|':
            {
                long count = ParseInteger(line, "Protocol error: invalid multibulk length");
                if (count == -1 && type == (byte)'*')
                {
                    h.Number = -1;
                    break;
                }

                long children = type switch
                {
                    (byte)'%' => count * 2,
                    (byte)'|' => (count * 2) + 1,
                    _ => count,
                };
                if (count < 0 || children > int.MaxValue)
                {
                    throw new RespProtocolException("Protocol error: invalid multibulk length");
                }

                h.ChildCount = (int)children;
                break;
            }

        }

        reader = r;
        return true;
    }

    /// <summary>A line up to CRLF (exclusive). False if incomplete; throws if too long or a CR is not followed by LF.</summary>
    private bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        SequenceReader<byte> r = reader;
        if (!r.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLineLength)
            {
                throw new RespProtocolException("Protocol error: too big reply line");
            }

            return false;
        }

        if (line.Length > MaxLineLength)
        {
            throw new RespProtocolException("Protocol error: too big reply line");
        }

        if (!r.TryRead(out byte lf))
        {
            return false;
        }

        if (lf != (byte)'\n')
        {
            throw new RespProtocolException("Protocol error: expected CRLF");
        }

        reader = r;
        return true;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line, string error, bool bigNumber = false)
    {
        if (bigNumber)
        {
            // Arbitrary length: just check the shape.
            var r = new SequenceReader<byte>(line);
            _ = r.IsNext((byte)'-', advancePast: true) || r.IsNext((byte)'+', advancePast: true);

            if (r.End)
            {
                throw new RespProtocolException(error);
            }

            while (r.TryRead(out byte b))
            {
                if ((uint)(b - '0') > 9)
                {
                    throw new RespProtocolException(error);
                }
            }

            return 0;
        }

        if (line.Length == 0 || line.Length > MaxNumberLength)
        {
            throw new RespProtocolException(error);
        }

        Span<byte> text = stackalloc byte[MaxNumberLength];
        line.CopyTo(text);
        text = text[..(int)line.Length];
        int p = 0;
        bool negative = false;
        if (text[0] == (byte)'-' || text[0] == (byte)'+')
        {
            negative = text[0] == (byte)'-';
            p = 1;
        }

        if (p == text.Length)
        {
            throw new RespProtocolException(error);
        }

        ulong v = 0;
        for (; p < text.Length; p++)
        {
            uint d = (uint)(text[p] - '0');
            if (d > 9 || v > (ulong.MaxValue - d) / 10)
            {
                throw new RespProtocolException(error);
            }

            v = (v * 10) + d;
        }

        if (negative ? v > (ulong)long.MaxValue + 1 : v > long.MaxValue)
        {
            throw new RespProtocolException(error);
        }

        return negative ? (long)(0 - v) : (long)v;
    }

    private static double ParseDouble(ReadOnlySequence<byte> line)
    {
        if (line.Length > 512)
        {
            throw new RespProtocolException("Protocol error: invalid double");
        }

        Span<byte> text = stackalloc byte[512];
        line.CopyTo(text);
        text = text[..(int)line.Length];
        if (RespNumber.AsciiEqualsIgnoreCase(text, "NAN"u8) || RespNumber.AsciiEqualsIgnoreCase(text, "-NAN"u8))
        {
            return double.NaN;
        }

        if (!RespNumber.TryParseDouble(text, out double d))
        {
            throw new RespProtocolException("Protocol error: invalid double");
        }

        return d;
    }

    private static byte[] ToArray(ReadOnlySequence<byte> s) => s.IsEmpty ? [] : s.ToArray();
}
