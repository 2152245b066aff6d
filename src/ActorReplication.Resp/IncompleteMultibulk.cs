using System.Buffers;

namespace ActorReplication.Resp;

/// <summary>
/// The arguments of a multibulk request received so far, kept by <see cref="RespRequestParser"/> across reads so an
/// incomplete request is never rescanned: argument bytes back to back in one pooled buffer, their lengths, and the
/// wire bytes they occupied. Grows as arguments arrive (never from the declared count, which a client chooses).
/// </summary>
internal sealed class IncompleteMultibulk
{
    private byte[] _data = [];
    private int _dataLength;
    private int[] _lengths = [];
    private int _argCount;
    private int _declaredCount;
    private long _wireLength;

    public bool IsActive => _declaredCount > 0;

    public bool IsComplete => _argCount == _declaredCount;

    public void Begin(int declaredCount)
    {
        _declaredCount = declaredCount;
        _argCount = 0;
        _dataLength = 0;
        _wireLength = 0;
    }

    public void AddWire(long bytes) => _wireLength += bytes;

    public void Add(ReadOnlySpan<byte> arg) => arg.CopyTo(Reserve(arg.Length));

    public void Add(in ReadOnlySequence<byte> arg) => arg.CopyTo(Reserve((int)arg.Length));

    /// <summary>Appends the finished request to <paramref name="batch"/> and forgets it.</summary>
    public void MoveTo(RespRequestBatch batch)
    {
        batch.BeginRequest();
        batch.EnsureCapacity(_dataLength, _argCount);
        int offset = 0;
        for (int i = 0; i < _argCount; i++)
        {
            int length = _lengths[i];
            _data.AsSpan(offset, length).CopyTo(batch.ReserveArg(length));
            offset += length;
        }

        batch.EndRequest(_wireLength);
        Clear();
    }

    /// <summary>Forgets the request and returns its buffers to the pool (a huge request must not stay pinned).</summary>
    public void Clear()
    {
        _declaredCount = 0;
        _argCount = 0;
        _dataLength = 0;
        _wireLength = 0;
        if (_data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
            _data = [];
        }

        if (_lengths.Length > 0)
        {
            ArrayPool<int>.Shared.Return(_lengths);
            _lengths = [];
        }
    }

    private Span<byte> Reserve(int length)
    {
        if (_argCount == _lengths.Length)
        {
            _lengths = Grow(_lengths, Math.Max(64, _lengths.Length * 2), _argCount);
        }

        if (_data.Length - _dataLength < length)
        {
            if ((long)_dataLength + length > Array.MaxLength)
            {
                throw new RespProtocolException("Protocol error: too big request");
            }

            long wanted = Math.Max((long)_dataLength + length, Math.Max(4096L, _data.Length * 2L));
            _data = Grow(_data, (int)Math.Min(wanted, Array.MaxLength), _dataLength);
        }

        _lengths[_argCount++] = length;
        Span<byte> destination = _data.AsSpan(_dataLength, length);
        _dataLength += length;
        return destination;
    }

    private static T[] Grow<T>(T[] array, int size, int used)
    {
        T[] grown = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(grown);
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        return grown;
    }
}
