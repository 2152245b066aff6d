using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

/// <summary>
/// Cuts stream bytes into <see cref="StreamData"/> messages of at most <see cref="MaxBytes"/>, so that each fits a
/// remoting frame (remote.maximum-frame-size, 4 MiB) with room to spare and a big backlog read or batch does not hold up
/// the link as one message. Cuts fall between RESP commands whenever a command fits; only a single command larger
/// than the limit is cut inside (the replica's keyspace keeps an incomplete command until the rest arrives).
/// </summary>
internal static class StreamPieces
{
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// Joined messages stay below this size: a joined array of it is still a small-object-heap allocation (the large
    /// object heap starts at 85,000 bytes and is collected only with generation 2), and it already turns the many small
    /// batches of a loaded master into a few messages.
    /// </summary>
    public const int JoinBytes = 64 * 1024;

    /// <param name="offset">The stream offset before <paramref name="bytes"/>.</param>
    public static IEnumerable<StreamData> Split(long offset, byte[] bytes, int maxBytes = MaxBytes)
    {
        if (bytes.Length <= maxBytes)
        {
            yield return new StreamData(offset, bytes);
            yield break;
        }
        var start = 0;
        var bigEnd = -1; // the end of a command larger than the limit, while cutting through it
        while (start < bytes.Length)
        {
            int end;
            if (start < bigEnd)
            {
                end = Math.Min(bigEnd, start + maxBytes);
            }
            else
            {
                end = start;
                while (true)
                {
                    var next = CommandEnd(bytes, end);
                    if (next < 0) break;
                    if (next - start > maxBytes)
                    {
                        if (end == start) bigEnd = next;
                        break;
                    }
                    end = next;
                }
                if (end == start) end = Math.Min(bytes.Length, start + maxBytes);
            }
            yield return new StreamData(offset + start, bytes.AsSpan(start, end - start).ToArray());
            start = end;
        }
    }

    /// <summary>
    /// Joins consecutive stream messages (each starting where the previous one ended) into as few messages of at most
    /// <paramref name="joinBytes"/> as their order allows, so the replica gets and applies them in bigger batches. Offsets
    /// stay exact: each message starts at the offset of its first part. A message that is not joined passes through as it
    /// is (no copy), cut by <see cref="Split"/> only when larger than <paramref name="maxBytes"/>.
    /// </summary>
    public static IEnumerable<StreamData> Coalesce(IReadOnlyList<StreamData> contiguous, int joinBytes = JoinBytes, int maxBytes = MaxBytes)
    {
        var i = 0;
        while (i < contiguous.Count)
        {
            var first = contiguous[i];
            var total = (long)first.Bytes.Length;
            var end = i + 1;
            // Never across a gap: the receiver's offset check must still see it.
            while (end < contiguous.Count && total + contiguous[end].Bytes.Length <= joinBytes && contiguous[end].Offset == first.Offset + total)
            {
                total += contiguous[end].Bytes.Length;
                end++;
            }
            if (end == i + 1)
            {
                foreach (var piece in Split(first.Offset, first.Bytes, maxBytes)) yield return piece;
            }
            else
            {
                var joined = new byte[total];
                var at = 0;
                for (var k = i; k < end; k++)
                {
                    contiguous[k].Bytes.CopyTo(joined, at);
                    at += contiguous[k].Bytes.Length;
                }
                yield return new StreamData(first.Offset, joined);
            }
            i = end;
        }
    }

    /// <summary>
    /// Where the multibulk command starting at <paramref name="position"/> ends (the stream is always multibulk), or -1
    /// when it is incomplete or not a multibulk.
    /// </summary>
    internal static int CommandEnd(byte[] bytes, int position)
    {
        if (position >= bytes.Length || bytes[position] != (byte)'*') return -1;
        if (!ReadNumber(bytes, position + 1, out var count, out position)) return -1;
        for (long i = 0; i < count; i++)
        {
            if (position >= bytes.Length || bytes[position] != (byte)'$') return -1;
            if (!ReadNumber(bytes, position + 1, out var length, out position)) return -1;
            if (length < 0 || bytes.Length - position < length + 2) return -1;
            position += (int)length + 2;
        }
        return position;
    }

    /// <summary>Digits up to CRLF; <paramref name="after"/> is past the LF.</summary>
    private static bool ReadNumber(byte[] bytes, int position, out long value, out int after)
    {
        value = 0;
        after = position;
        var negative = position < bytes.Length && bytes[position] == (byte)'-';
        if (negative) position++;
        var digits = 0;
        while (position < bytes.Length && bytes[position] is >= (byte)'0' and <= (byte)'9' && digits < 18)
        {
            value = (value * 10) + (bytes[position] - '0');
            position++;
            digits++;
        }
        if (digits == 0 || position + 1 >= bytes.Length || bytes[position] != (byte)'\r' || bytes[position + 1] != (byte)'\n') return false;
        if (negative) value = -value;
        after = position + 2;
        return true;
    }
}
