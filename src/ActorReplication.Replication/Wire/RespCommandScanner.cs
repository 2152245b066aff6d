namespace ActorReplication.Replication.Wire;

/// <summary>
/// Follows where the multibulk commands of a replication stream begin and end, fed any slices of it in order (cut
/// anywhere), without copying: header digits are read byte by byte, bulk payloads are skipped by their length. Both ends
/// of a link use it so that link control (a keepalive newline, <c>REPLCONF GETACK *</c>) sits only between commands.
/// </summary>
public struct RespCommandScanner
{
    private const int MaxDigits = 18;

    private State _state;
    private long _number;
    private int _digits;
    private long _argsLeft;
    private long _bulkLeft;

    private enum State : byte
    {
        Boundary,
        ArrayLength,
        ArrayLengthLf,
        BulkStart,
        BulkLength,
        BulkLengthLf,
        BulkBody,
        BulkCr,
        BulkLf,
    }

    /// <summary>True between commands (and before the first one).</summary>
    public readonly bool AtBoundary => _state == State.Boundary;

    /// <summary>
    /// Advances over <paramref name="data"/>, stopping early only at a boundary followed by a byte that does not start a
    /// multibulk (an inline control line). Returns the bytes consumed; <paramref name="lastCommandEnd"/> is the position
    /// just after the last command completed in them, or -1.
    /// </summary>
    /// <exception cref="ReplicationWireException">The bytes are not a multibulk stream.</exception>
    public int Advance(ReadOnlySpan<byte> data, out int lastCommandEnd)
    {
        lastCommandEnd = -1;
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Boundary:
                    if (data[i] != (byte)'*') return i;
                    _state = State.ArrayLength;
                    StartNumber();
                    i++;
                    break;
                case State.ArrayLength:
                case State.BulkLength:
                    i = ReadDigits(data, i);
                    break;
                case State.ArrayLengthLf:
                    Expect(data[i++], (byte)'\n');
                    if (_number <= 0) throw new ReplicationWireException($"the stream holds a command of {_number} arguments");
                    _argsLeft = _number;
                    _state = State.BulkStart;
                    break;
                case State.BulkStart:
                    if (data[i++] != (byte)'$') throw new ReplicationWireException("the stream holds a command argument that is not a bulk string");
                    _state = State.BulkLength;
                    StartNumber();
                    break;
                case State.BulkLengthLf:
                    Expect(data[i++], (byte)'\n');
                    _bulkLeft = _number;
                    _state = _bulkLeft == 0 ? State.BulkCr : State.BulkBody;
                    break;
                case State.BulkBody:
                    var take = (int)Math.Min(_bulkLeft, data.Length - i);
                    _bulkLeft -= take;
                    i += take;
                    if (_bulkLeft == 0) _state = State.BulkCr;
                    break;
                case State.BulkCr:
                    if (data[i++] != (byte)'\r') throw new ReplicationWireException("the stream holds a bulk string without its CRLF");
                    _state = State.BulkLf;
                    break;
                case State.BulkLf:
                    if (data[i++] != (byte)'\n') throw new ReplicationWireException("the stream holds a bulk string without its CRLF");
                    if (--_argsLeft > 0)
                    {
                        _state = State.BulkStart;
                        break;
                    }
                    _state = State.Boundary;
                    lastCommandEnd = i;
                    break;
            }
        }
        return i;
    }

    private void StartNumber()
    {
        _number = 0;
        _digits = 0;
    }

    private int ReadDigits(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length)
        {
            var b = data[i++];
            if (b is >= (byte)'0' and <= (byte)'9' && _digits < MaxDigits)
            {
                _number = (_number * 10) + (b - '0');
                _digits++;
                continue;
            }
            if (b == (byte)'\r' && _digits > 0)
            {
                _state = _state == State.ArrayLength ? State.ArrayLengthLf : State.BulkLengthLf;
                return i;
            }
            throw new ReplicationWireException("the stream holds a malformed length");
        }
        return i;
    }

    private static void Expect(byte actual, byte expected)
    {
        if (actual != expected) throw new ReplicationWireException("the stream holds a length not ended by CRLF");
    }
}
