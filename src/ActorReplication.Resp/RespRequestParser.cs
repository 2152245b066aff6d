using System.Buffers;
using System.Runtime.CompilerServices;

namespace ActorReplication.Resp;

/// <summary>
/// Server-side request parser: Redis multibulk (<c>*N\r\n$len\r\n...</c>) and inline commands (space separated, with
/// redis-cli quoting rules), appended to a <see cref="RespRequestBatch"/>. Incomplete input returns false and consumes
/// nothing; malformed input throws <see cref="RespProtocolException"/> with Redis's error text (requests completed
/// before it stay in the batch). Arguments are copied only once they have arrived whole, so a huge declared bulk
/// length allocates nothing up front. With <see cref="ConsumesIncompleteRequests"/>, the complete arguments of a
/// multibulk still incomplete are moved out of the input and the parse resumes at the next one, so a request spread
/// over many reads costs time linear in its size (Redis keeps its parse position the same way). One instance per
/// connection (it keeps scratch space and that position); not thread-safe.
/// </summary>
public sealed class RespRequestParser
{
    /// <summary>Redis's PROTO_INLINE_MAX_SIZE: longest inline request / header line without a terminator.</summary>
    public const int InlineMaxSize = 64 * 1024;

    /// <summary>Redis's default proto-max-bulk-len (512 MB).</summary>
    public const long DefaultMaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Largest accepted multibulk count by default (1024 * 1024).</summary>
    public const int DefaultMaxMultibulkLength = 1024 * 1024;

    private long _maxBulkLength = DefaultMaxBulkLength;
    private int _maxMultibulkLength = DefaultMaxMultibulkLength;

    // Scratch: where each argument of the request being scanned starts, and its length.
    private SequencePosition[] _positions = new SequencePosition[16];
    private long[] _offsets = new long[16];
    private int[] _lengths = new int[16];

    // A header line that straddles segments is copied here (only its first 32 bytes matter: longer is never a valid length).
    private readonly byte[] _headerScratch = new byte[32];

    // The multibulk whose complete arguments were consumed before the rest arrived (ConsumesIncompleteRequests).
    private readonly IncompleteMultibulk _incomplete = new();

    /// <summary>proto-max-bulk-len: a longer declared bulk is <c>invalid bulk length</c>. At most <see cref="Array.MaxLength"/>.</summary>
    public long MaxBulkLength
    {
        get => _maxBulkLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (long)Array.MaxLength);
            _maxBulkLength = value;
        }
    }

    /// <summary>A larger multibulk count is <c>invalid multibulk length</c>.</summary>
    public int MaxMultibulkLength
    {
        get => _maxMultibulkLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxMultibulkLength = value;
        }
    }

    /// <summary>
    /// A client that has not authenticated (requirepass set) may send, as in Redis 7.0, at most 10 arguments per request
    /// and bulks of at most 16384 bytes: larger ones are <c>unauthenticated multibulk length</c> / <c>bulk length</c>.
    /// </summary>
    public bool Unauthenticated { get; set; }

    /// <summary>
    /// When set, a multibulk that is incomplete at the end of the input has its complete arguments consumed (kept by
    /// the parser) so the next call resumes where this one stopped instead of rescanning the request. Callers that
    /// must see only whole requests consumed (a replica counting applied stream bytes) leave it off.
    /// </summary>
    public bool ConsumesIncompleteRequests { get; set; }

    /// <summary>Whether a multibulk's arguments have been consumed while the request is still incomplete.</summary>
    public bool HasIncompleteRequest => _incomplete.IsActive;

    /// <summary>Forgets a partly consumed request (the caller dropped the rest of the input).</summary>
    public void Reset() => _incomplete.Clear();

    /// <summary><see cref="Parse"/> stops adding requests once the batch holds this many argument bytes (16 MiB by default).</summary>
    public int BatchByteLimit { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Parses as many complete requests as <paramref name="buffer"/> holds (up to <paramref name="maxRequests"/>), appends
    /// them to <paramref name="batch"/> and slices <paramref name="buffer"/> past what was consumed (also when it throws).
    /// Returns how many requests were appended. Empty requests (blank inline lines, <c>*0</c>, <c>*-1</c>) are consumed silently.
    /// </summary>
    public int Parse(ref ReadOnlySequence<byte> buffer, RespRequestBatch batch, int maxRequests = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var reader = new SequenceReader<byte>(buffer);
        int added = 0;
        try
        {
            while (added < maxRequests && !reader.End)
            {
                if (batch.Count > 0 && batch.ByteCount >= BatchByteLimit)
                {
                    break;
                }

                int before = batch.Count;
                if (!TryParse(ref reader, batch))
                {
                    break;
                }

                added += batch.Count - before;
            }
        }
        finally
        {
            buffer = buffer.Slice(reader.Position);
        }

        return added;
    }

    /// <summary>
    /// Parses one request at the reader's position. Returns true if it consumed input: a complete request (appended to
    /// <paramref name="batch"/>, or skipped if empty), or, with <see cref="ConsumesIncompleteRequests"/>, complete
    /// arguments of a request still incomplete; false if more input is needed (the reader is not moved).
    /// </summary>
    public bool TryParse(ref SequenceReader<byte> reader, RespRequestBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_incomplete.IsActive)
        {
            return TryContinueMultibulk(ref reader, batch);
        }

        if (!reader.TryPeek(out byte first))
        {
            return false;
        }

        return first == (byte)'*' ? TryParseMultibulk(ref reader, batch) : TryParseInline(ref reader, batch);
    }

    /// <summary>Convenience for tests and replaying: parses one request into an owned <see cref="RespCommand"/> (allocates).</summary>
    public bool TryParseCommand(ref ReadOnlySequence<byte> buffer, out RespCommand command)
    {
        using var batch = new RespRequestBatch(256, 1);
        var reader = new SequenceReader<byte>(buffer);
        while (TryParse(ref reader, batch))
        {
            if (batch.Count > 0)
            {
                command = batch[0].ToOwned();
                buffer = buffer.Slice(reader.Position);
                return true;
            }

            buffer = buffer.Slice(reader.Position);
            reader = new SequenceReader<byte>(buffer);
        }

        command = default;
        return false;
    }

    private bool TryParseMultibulk(ref SequenceReader<byte> reader, RespRequestBatch batch)
    {
        SequenceReader<byte> r = reader;
        Span<byte> scratch = _headerScratch;
        if (!TryReadHeaderLine(ref r, scratch, bulkHeader: false, out ReadOnlySpan<byte> line))
        {
            return false;
        }

        if (!RespNumber.TryParseInt64(line[1..], out long count) || count > _maxMultibulkLength)
        {
            throw RespProtocolException.InvalidMultibulkLength();
        }

        if (Unauthenticated && count > 10)
        {
            throw new RespProtocolException("Protocol error: unauthenticated multibulk length");
        }

        if (count <= 0)
        {
            reader = r;
            return true;
        }

        int n = (int)count;
        long startConsumed = reader.Consumed;
        long totalBytes = 0;
        for (int i = 0; i < n; i++)
        {
            if (!TryReadHeaderLine(ref r, scratch, bulkHeader: true, out line))
            {
                return ConsumeIncomplete(ref reader, n, i);
            }

            long len = ParseBulkLength(line);
            if (r.Remaining < len + 2)
            {
                return ConsumeIncomplete(ref reader, n, i);
            }

            if (i == _lengths.Length)
            {
                GrowScratch();
            }

            _positions[i] = r.Position;
            _offsets[i] = r.Consumed - startConsumed;
            _lengths[i] = (int)len;
            totalBytes += len;

            // Like Redis, the two bytes after the payload are skipped without being checked.
            r.Advance(len + 2);
        }

        long wireLength = r.Consumed - startConsumed;
        batch.BeginRequest();
        batch.EnsureCapacity(totalBytes, n);
        ReadOnlySpan<byte> contiguous = reader.UnreadSpan;
        if (contiguous.Length >= wireLength)
        {
            for (int i = 0; i < n; i++)
            {
                contiguous.Slice((int)_offsets[i], _lengths[i]).CopyTo(batch.ReserveArg(_lengths[i]));
            }
        }
        else
        {
            ReadOnlySequence<byte> sequence = reader.Sequence;
            for (int i = 0; i < n; i++)
            {
                sequence.Slice(_positions[i], _lengths[i]).CopyTo(batch.ReserveArg(_lengths[i]));
            }
        }

        Array.Clear(_positions, 0, n); // do not keep segments alive
        batch.EndRequest(wireLength);
        reader = r;
        return true;
    }

    private long ParseBulkLength(ReadOnlySpan<byte> line)
    {
        if (line.Length == 0 || line[0] != (byte)'$')
        {
            throw RespProtocolException.ExpectedDollar(line.Length == 0 ? (byte)'\r' : line[0]);
        }

        if (!RespNumber.TryParseInt64(line[1..], out long len) || len < 0 || len > _maxBulkLength)
        {
            throw RespProtocolException.InvalidBulkLength();
        }

        if (Unauthenticated && len > 16384)
        {
            throw new RespProtocolException("Protocol error: unauthenticated bulk length");
        }

        return len;
    }

    /// <summary>
    /// The multibulk at <paramref name="reader"/> stopped short at argument <paramref name="complete"/>. Without
    /// <see cref="ConsumesIncompleteRequests"/> (or with no argument complete) nothing is consumed; otherwise the
    /// header and the complete arguments (scanned into the scratch arrays) move into <see cref="_incomplete"/>.
    /// </summary>
    private bool ConsumeIncomplete(ref SequenceReader<byte> reader, int count, int complete)
    {
        if (!ConsumesIncompleteRequests || complete == 0)
        {
            Array.Clear(_positions, 0, complete);
            return false;
        }

        long consumed = _offsets[complete - 1] + _lengths[complete - 1] + 2;
        ReadOnlySequence<byte> sequence = reader.Sequence;
        _incomplete.Begin(count);
        for (int i = 0; i < complete; i++)
        {
            _incomplete.Add(sequence.Slice(_positions[i], _lengths[i]));
        }

        Array.Clear(_positions, 0, complete);
        _incomplete.AddWire(consumed);
        reader.Advance(consumed);
        return true;
    }

    /// <summary>
    /// Resumes the multibulk kept in <see cref="_incomplete"/>: takes each argument that has arrived whole, and appends
    /// the request once the last one is in. Returns false only if not even one more argument is complete.
    /// </summary>
    private bool TryContinueMultibulk(ref SequenceReader<byte> reader, RespRequestBatch batch)
    {
        Span<byte> scratch = _headerScratch;
        bool progressed = false;
        try
        {
            while (!_incomplete.IsComplete)
            {
                SequenceReader<byte> r = reader;
                if (!TryReadHeaderLine(ref r, scratch, bulkHeader: true, out ReadOnlySpan<byte> line))
                {
                    return progressed;
                }

                long len = ParseBulkLength(line);
                if (r.Remaining < len + 2)
                {
                    return progressed;
                }

                if (r.UnreadSpan.Length >= len)
                {
                    _incomplete.Add(r.UnreadSpan[..(int)len]);
                }
                else
                {
                    _incomplete.Add(r.Sequence.Slice(r.Position, len));
                }

                r.Advance(len + 2);
                _incomplete.AddWire(r.Consumed - reader.Consumed);
                reader = r;
                progressed = true;
            }
        }
        catch (RespProtocolException)
        {
            _incomplete.Clear();
            throw;
        }

        _incomplete.MoveTo(batch);
        return true;
    }

    /// <summary>
    /// Reads a header line up to '\r' plus one more byte (Redis does not check that it is '\n'). On success the reader
    /// is past it and <paramref name="line"/> is the line without the terminator (truncated to the scratch size when
    /// it had to be copied, which keeps it too long to be a valid number).
    /// </summary>
    private static bool TryReadHeaderLine(ref SequenceReader<byte> r, Span<byte> scratch, bool bulkHeader, out ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> span = r.UnreadSpan;
        int idx = span.IndexOf((byte)'\r');
        if (idx >= 0 && idx + 1 < span.Length)
        {
            line = span[..idx];
            r.Advance(idx + 2);
            return true;
        }

        SequenceReader<byte> copy = r;
        if (!copy.TryAdvanceTo((byte)'\r', advancePastDelimiter: true))
        {
            if (r.Remaining > InlineMaxSize)
            {
                throw bulkHeader ? RespProtocolException.TooBigBulkCount() : RespProtocolException.TooBigMultibulkCount();
            }

            line = default;
            return false;
        }

        if (copy.End)
        {
            line = default;
            return false;
        }

        long lineLength = copy.Consumed - r.Consumed - 1;
        int keep = (int)Math.Min(lineLength, scratch.Length);
        r.Sequence.Slice(r.Position, keep).CopyTo(scratch);
        copy.Advance(1);
        r = copy;
        line = scratch[..keep];
        return true;
    }

    private bool TryParseInline(ref SequenceReader<byte> reader, RespRequestBatch batch)
    {
        ReadOnlySpan<byte> span = reader.UnreadSpan;
        int idx = span.IndexOf((byte)'\n');
        if (idx >= 0)
        {
            SplitInline(span[..idx], batch, idx + 1);
            reader.Advance(idx + 1);
            return true;
        }

        SequenceReader<byte> copy = reader;
        if (!copy.TryAdvanceTo((byte)'\n', advancePastDelimiter: true))
        {
            if (reader.Remaining > InlineMaxSize)
            {
                throw RespProtocolException.TooBigInlineRequest();
            }

            return false;
        }

        long consumed = copy.Consumed - reader.Consumed;
        if (consumed - 1 > Array.MaxLength)
        {
            throw RespProtocolException.TooBigInlineRequest();
        }

        int lineLength = (int)(consumed - 1);
        byte[] rented = ArrayPool<byte>.Shared.Rent(Math.Max(lineLength, 1));
        try
        {
            reader.Sequence.Slice(reader.Position, lineLength).CopyTo(rented);
            SplitInline(rented.AsSpan(0, lineLength), batch, consumed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        reader = copy;
        return true;
    }

    /// <summary>Redis's sdssplitargs over one inline line (without its '\n'); appends the request unless it has no arguments.</summary>
    private static void SplitInline(ReadOnlySpan<byte> line, RespRequestBatch batch, long wireLength)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        batch.BeginRequest();
        Span<byte> dest = batch.ReserveTail(line.Length);
        int w = 0;
        int p = 0;
        int n = line.Length;
        while (true)
        {
            while (p < n && IsSpace(line[p]))
            {
                p++;
            }

            // End of line, or a NUL (the C implementation sees a terminated string).
            if (p >= n || line[p] == 0)
            {
                break;
            }

            int tokenStart = w;
            bool inDoubleQuotes = false;
            bool inSingleQuotes = false;
            bool done = false;
            while (!done)
            {
                byte c = At(line, p);
                if (inDoubleQuotes)
                {
                    if (c == (byte)'\\' && At(line, p + 1) == (byte)'x' && IsHex(At(line, p + 2)) && IsHex(At(line, p + 3)))
                    {
                        dest[w++] = (byte)((HexValue(At(line, p + 2)) << 4) | HexValue(At(line, p + 3)));
                        p += 3;
                    }
                    else if (c == (byte)'\\' && At(line, p + 1) != 0)
                    {
                        p++;
                        dest[w++] = line[p] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            _ => line[p],
                        };
                    }
                    else if (c == (byte)'"')
                    {
                        // The closing quote must be followed by a space or nothing at all.
                        byte next = At(line, p + 1);
                        if (next != 0 && !IsSpace(next))
                        {
                            Unbalanced(batch);
                        }

                        done = true;
                    }
                    else if (c == 0)
                    {
                        Unbalanced(batch);
                    }
                    else
                    {
                        dest[w++] = c;
                    }
                }
                else if (inSingleQuotes)
                {
                    if (c == (byte)'\\' && At(line, p + 1) == (byte)'\'')
                    {
                        p++;
                        dest[w++] = (byte)'\'';
                    }
                    else if (c == (byte)'\'')
                    {
                        byte next = At(line, p + 1);
                        if (next != 0 && !IsSpace(next))
                        {
                            Unbalanced(batch);
                        }

                        done = true;
                    }
                    else if (c == 0)
                    {
                        Unbalanced(batch);
                    }
                    else
                    {
                        dest[w++] = c;
                    }
                }
                else
                {
                    switch (c)
                    {
                        case (byte)' ':
                        case (byte)'\n':
                        case (byte)'\r':
                        case (byte)'\t':
                        case 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDoubleQuotes = true;
                            break;
                        case (byte)'\'':
                            inSingleQuotes = true;
                            break;
                        default:
                            dest[w++] = c;
                            break;
                    }
                }

                if (At(line, p) != 0)
                {
                    p++;
                }
            }

            batch.AddTailArg(tokenStart, w - tokenStart);
        }

        if (batch.PendingArgCount == 0)
        {
            batch.AbortRequest();
            return;
        }

        batch.CommitTail(w);
        batch.EndRequest(wireLength);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte At(ReadOnlySpan<byte> line, int index) => (uint)index < (uint)line.Length ? line[index] : (byte)0;

    // C isspace in the "C" locale.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte c) => c == (byte)' ' || (uint)(c - '\t') <= '\r' - '\t';

    private static bool IsHex(byte c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 5;

    private static int HexValue(byte c) => (uint)(c - '0') <= 9 ? c - '0' : (c | 0x20) - 'a' + 10;

    private static void Unbalanced(RespRequestBatch batch)
    {
        batch.AbortRequest();
        throw RespProtocolException.UnbalancedQuotes();
    }

    private void GrowScratch()
    {
        int size = _lengths.Length * 2;
        Array.Resize(ref _positions, size);
        Array.Resize(ref _offsets, size);
        Array.Resize(ref _lengths, size);
    }
}
