namespace ActorReplication.Replication.Backlog;

/// <summary>
/// Redis's replication backlog: a ring holding the last <see cref="Size"/> bytes of the replication stream, so a
/// replica that lost its link can be sent what it missed. <see cref="Offset"/> is <c>master_repl_offset</c> (the
/// offset of the last byte appended); the ring holds <see cref="HistLen"/> bytes, from
/// <see cref="FirstByteOffset"/> (<c>repl_backlog_first_byte_offset</c>) to <see cref="Offset"/>. Pure data
/// structure, single-threaded.
/// </summary>
public sealed class ReplicationBacklog
{
    private byte[] _ring;
    private int _next; // where the next byte goes

    /// <param name="size">Capacity in bytes (repl-backlog-size).</param>
    /// <param name="masterReplOffset">The stream offset when the backlog starts: the first byte appended will be at this + 1.</param>
    public ReplicationBacklog(long size, long masterReplOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegative(masterReplOffset);
        _ring = new byte[ClampSize(size)];
        Offset = masterReplOffset;
    }

    public long Size => _ring.Length;

    public long Offset { get; private set; }

    public long HistLen { get; private set; }

    public long FirstByteOffset => Offset - HistLen + 1;

    /// <summary>True when a replica asking for bytes from <paramref name="psyncOffset"/> on can be served (up to nothing, when it is <see cref="Offset"/> + 1).</summary>
    public bool Covers(long psyncOffset) => psyncOffset >= FirstByteOffset && psyncOffset <= Offset + 1;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Offset += bytes.Length;
        if (bytes.Length >= _ring.Length)
        {
            bytes[^_ring.Length..].CopyTo(_ring);
            _next = 0;
            HistLen = _ring.Length;
            return;
        }

        int first = Math.Min(bytes.Length, _ring.Length - _next);
        bytes[..first].CopyTo(_ring.AsSpan(_next));
        bytes[first..].CopyTo(_ring);
        _next = (_next + bytes.Length) % _ring.Length;
        HistLen = Math.Min(_ring.Length, HistLen + bytes.Length);
    }

    /// <summary>Copies the bytes from <paramref name="fromOffset"/> to <see cref="Offset"/>; false (nothing read) when not covered.</summary>
    public bool TryReadFrom(long fromOffset, out byte[] bytes)
    {
        if (!Covers(fromOffset))
        {
            bytes = [];
            return false;
        }

        bytes = new byte[Offset - fromOffset + 1];
        CopyRange(fromOffset, bytes);
        return true;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes starting at stream offset <paramref name="fromOffset"/>; false when any of them is not held.</summary>
    public bool TryRead(long fromOffset, Span<byte> destination)
    {
        if (fromOffset < FirstByteOffset || fromOffset + destination.Length - 1 > Offset || fromOffset > Offset + 1)
        {
            return false;
        }

        CopyRange(fromOffset, destination);
        return true;
    }

    /// <summary>Changes the capacity, keeping the newest bytes that fit (CONFIG SET repl-backlog-size).</summary>
    public void Resize(long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newSize);
        int size = ClampSize(newSize);
        if (size == _ring.Length)
        {
            return;
        }

        long keep = Math.Min(HistLen, size);
        var ring = new byte[size];
        CopyRange(Offset - keep + 1, ring.AsSpan(0, (int)keep));
        _ring = ring;
        _next = (int)(keep % size);
        HistLen = keep;
    }

    private void CopyRange(long fromOffset, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        // The byte at Offset sits just before _next.
        long back = Offset - fromOffset + 1;
        int start = (int)(((_next - back) % _ring.Length + _ring.Length) % _ring.Length);
        int first = Math.Min(destination.Length, _ring.Length - start);
        _ring.AsSpan(start, first).CopyTo(destination);
        _ring.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    private static int ClampSize(long size) => (int)Math.Min(size, Array.MaxLength);
}
