using System.Buffers;

namespace ActorReplication.Resp;

/// <summary>
/// Every complete request parsed from one read, stored compactly so the whole batch can be handed to another thread
/// as one object: all argument bytes back to back in ONE pooled buffer, plus (offset, length) per argument and
/// (first argument, argument count, wire length) per request. Reuse it with <see cref="Reset"/>; <see cref="Dispose"/>
/// returns the pooled arrays. Not thread-safe; the owner hands it over and must not touch it until it comes back.
/// </summary>
public sealed class RespRequestBatch : IDisposable
{
    // After Reset, a buffer grown beyond this is returned to the pool so one huge request does not pin memory.
    private const int RetainedDataCapacity = 1024 * 1024;
    private const int RetainedArgCapacity = 64 * 1024;

    private readonly int _initialDataCapacity;
    private readonly int _initialRequestCapacity;

    private byte[] _data;
    private int _dataLength;

    // (offset, length) per argument.
    private int[] _args;
    private int _argCount;

    // (first argument, argument count) per request.
    private int[] _requests;
    private long[] _wireLengths;
    private int _count;
    private long _wireByteCount;

    // Start of the request being appended, for rollback.
    private int _pendingDataStart;
    private int _pendingArgStart;

    public RespRequestBatch(int initialDataCapacity = 4096, int initialRequestCapacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialDataCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialRequestCapacity);
        _initialDataCapacity = initialDataCapacity;
        _initialRequestCapacity = initialRequestCapacity;
        _data = ArrayPool<byte>.Shared.Rent(initialDataCapacity);
        _args = ArrayPool<int>.Shared.Rent(initialRequestCapacity * 6);
        _requests = ArrayPool<int>.Shared.Rent(initialRequestCapacity * 2);
        _wireLengths = ArrayPool<long>.Shared.Rent(initialRequestCapacity);
    }

    /// <summary>Number of requests.</summary>
    public int Count => _count;

    /// <summary>Total argument bytes held.</summary>
    public int ByteCount => _dataLength;

    /// <summary>Total bytes these requests occupied on the wire (for replication offsets and stats).</summary>
    public long WireByteCount => _wireByteCount;

    /// <summary>Request <paramref name="index"/>; a view valid until the batch is reset, appended to, or disposed.</summary>
    public RespCommand this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, "Request index out of range.");
            }

            return new RespCommand(_data, _args, _requests[index * 2], _requests[(index * 2) + 1]);
        }
    }

    /// <summary>Bytes request <paramref name="index"/> occupied on the wire.</summary>
    public long GetWireLength(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "Request index out of range.");
        }

        return _wireLengths[index];
    }

    /// <summary>Appends a copy of <paramref name="command"/> (its wire length is its RESP-encoded length).</summary>
    public void Add(in RespCommand command)
    {
        int n = command.ArgCount;
        if (n == 0)
        {
            throw new ArgumentException("A request needs at least one argument.", nameof(command));
        }

        long total = 0;
        for (int i = 0; i < n; i++)
        {
            total += command.ArgLength(i);
        }

        BeginRequest();
        EnsureCapacity(total, n);
        for (int i = 0; i < n; i++)
        {
            command.Arg(i).CopyTo(ReserveArg(command.ArgLength(i)));
        }

        EndRequest(command.EncodedLength);
    }

    /// <summary>Appends a request built from UTF-8 strings (tests, internal commands).</summary>
    public void Add(params string[] args) => Add(RespCommand.Create(args));

    /// <summary>Forgets all requests, keeping (moderately sized) buffers for reuse.</summary>
    public void Reset()
    {
        _dataLength = 0;
        _argCount = 0;
        _count = 0;
        _wireByteCount = 0;
        _pendingDataStart = 0;
        _pendingArgStart = 0;
        if (_data.Length > RetainedDataCapacity)
        {
            ArrayPool<byte>.Shared.Return(_data);
            _data = ArrayPool<byte>.Shared.Rent(_initialDataCapacity);
        }

        if (_args.Length > RetainedArgCapacity)
        {
            ArrayPool<int>.Shared.Return(_args);
            _args = ArrayPool<int>.Shared.Rent(_initialRequestCapacity * 6);
        }

        if (_requests.Length > RetainedArgCapacity)
        {
            ArrayPool<int>.Shared.Return(_requests);
            ArrayPool<long>.Shared.Return(_wireLengths);
            _requests = ArrayPool<int>.Shared.Rent(_initialRequestCapacity * 2);
            _wireLengths = ArrayPool<long>.Shared.Rent(_initialRequestCapacity);
        }
    }

    /// <summary>Returns the pooled buffers. Commands previously taken from this batch become invalid.</summary>
    public void Dispose()
    {
        if (_data.Length == 0)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_data);
        ArrayPool<int>.Shared.Return(_args);
        ArrayPool<int>.Shared.Return(_requests);
        ArrayPool<long>.Shared.Return(_wireLengths);
        _data = [];
        _args = [];
        _requests = [];
        _wireLengths = [];
        _dataLength = 0;
        _argCount = 0;
        _count = 0;
        _wireByteCount = 0;
    }

    // ---- appending (used by the parser) ----

    internal int DataLength => _dataLength;

    internal int PendingArgCount => _argCount - _pendingArgStart;

    internal void BeginRequest()
    {
        ObjectDisposedException.ThrowIf(_data.Length == 0 && _args.Length == 0, this);
        _pendingDataStart = _dataLength;
        _pendingArgStart = _argCount;
    }

    internal void AbortRequest()
    {
        _dataLength = _pendingDataStart;
        _argCount = _pendingArgStart;
    }

    internal void EndRequest(long wireLength)
    {
        if (_count * 2 >= _requests.Length)
        {
            _requests = Grow(_requests, (long)_count * 2 + 2);
        }

        if (_count >= _wireLengths.Length)
        {
            long[] bigger = ArrayPool<long>.Shared.Rent(_wireLengths.Length * 2);
            _wireLengths.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<long>.Shared.Return(_wireLengths);
            _wireLengths = bigger;
        }

        _requests[_count * 2] = _pendingArgStart;
        _requests[(_count * 2) + 1] = _argCount - _pendingArgStart;
        _wireLengths[_count] = wireLength;
        _wireByteCount += wireLength;
        _count++;
        _pendingDataStart = _dataLength;
        _pendingArgStart = _argCount;
    }

    internal void EnsureCapacity(long extraBytes, int extraArgs)
    {
        long neededData = _dataLength + extraBytes;
        if (neededData > _data.Length)
        {
            if (neededData > Array.MaxLength)
            {
                throw new RespProtocolException("Protocol error: too big request");
            }

            _data = Grow(_data, _dataLength, neededData);
        }

        long neededArgs = (_argCount + (long)extraArgs) * 2;
        if (neededArgs > _args.Length)
        {
            _args = Grow(_args, neededArgs);
        }
    }

    /// <summary>Records an argument of <paramref name="length"/> bytes and returns where to copy it (capacity must be ensured).</summary>
    internal Span<byte> ReserveArg(int length)
    {
        int offset = _dataLength;
        AddArg(offset, length);
        _dataLength = offset + length;
        return _data.AsSpan(offset, length);
    }

    /// <summary>The free space at the end of the data buffer, at least <paramref name="capacity"/> bytes.</summary>
    internal Span<byte> ReserveTail(int capacity)
    {
        EnsureCapacity(capacity, 0);
        return _data.AsSpan(_dataLength, capacity);
    }

    /// <summary>Records an argument already written into the tail at <paramref name="tailOffset"/>.</summary>
    internal void AddTailArg(int tailOffset, int length) => AddArg(_dataLength + tailOffset, length);

    /// <summary>Marks <paramref name="used"/> bytes of the tail as occupied.</summary>
    internal void CommitTail(int used) => _dataLength += used;

    private void AddArg(int offset, int length)
    {
        int k = _argCount * 2;
        if (k + 2 > _args.Length)
        {
            _args = Grow(_args, k + 2L);
        }

        _args[k] = offset;
        _args[k + 1] = length;
        _argCount++;
    }

    private static byte[] Grow(byte[] array, int used, long needed)
    {
        long size = Math.Max(needed, Math.Min((long)array.Length * 2, Array.MaxLength));
        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)size);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(array);
        return bigger;
    }

    private static int[] Grow(int[] array, long needed)
    {
        if (needed > Array.MaxLength)
        {
            throw new RespProtocolException("Protocol error: too big request");
        }

        long size = Math.Max(needed, Math.Min((long)array.Length * 2, Array.MaxLength));
        int[] bigger = ArrayPool<int>.Shared.Rent((int)size);
        array.AsSpan().CopyTo(bigger);
        ArrayPool<int>.Shared.Return(array);
        return bigger;
    }
}
