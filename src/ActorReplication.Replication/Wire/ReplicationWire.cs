using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ActorReplication.Replication.Wire;

/// <summary>
/// The bytes of Redis's replication wire that are not stream: the replica's commands (RESP multibulks, as any client
/// sends them) and the master's replies and framing. The stream itself is written as it is: it already is RESP.
/// </summary>
public static class ReplicationWire
{
    /// <summary>The length of the diskless snapshot's end mark (Redis: CONFIG_RUN_ID_SIZE).</summary>
    public const int MarkLength = 40;

    /// <summary>Longest REPLCONF ACK: "*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$20\r\n" + 20 digits + CRLF.</summary>
    public const int MaxAckBytes = 64;

    /// <summary>Master → replica keepalive between stream commands (and before the snapshot): an empty line, as Redis sends while a replica waits.</summary>
    public static ReadOnlySpan<byte> KeepAlive => "\n"u8;

    /// <summary>Master → replica, between stream commands: acknowledge now (inline, so it stays outside the offsets).</summary>
    public static ReadOnlySpan<byte> GetAck => "REPLCONF GETACK *\r\n"u8;

    private static ReadOnlySpan<byte> AckPrefix => "*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n$"u8;

    /// <summary>A command as a multibulk (for the handshake: a few per link, so strings are fine here).</summary>
    public static byte[] Command(params string[] args)
    {
        var text = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args) text.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>REPLCONF ACK offset into <paramref name="destination"/> (at least <see cref="MaxAckBytes"/>); returns its length. No allocation.</summary>
    public static int WriteAck(Span<byte> destination, long offset)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(offset, digits, out var length);
        AckPrefix.CopyTo(destination);
        var at = AckPrefix.Length;
        Utf8Formatter.TryFormat(length, destination[at..], out var lengthDigits);
        at += lengthDigits;
        destination[at++] = (byte)'\r';
        destination[at++] = (byte)'\n';
        digits[..length].CopyTo(destination[at..]);
        at += length;
        destination[at++] = (byte)'\r';
        destination[at++] = (byte)'\n';
        return at;
    }

    /// <summary>+FULLRESYNC replid offset, then the diskless snapshot header $EOF:mark.</summary>
    public static void WriteFullResync(IBufferWriter<byte> output, string replId, long offset, ReadOnlySpan<byte> mark)
    {
        Write(output, $"+FULLRESYNC {replId} {offset}\r\n$EOF:");
        output.Write(mark);
        output.Write("\r\n"u8);
    }

    /// <summary>+CONTINUE replid (psync2: the replica learns a changed replid here).</summary>
    public static void WriteContinue(IBufferWriter<byte> output, string replId) => Write(output, $"+CONTINUE {replId}\r\n");

    /// <summary>A new random end mark for a snapshot (40 hex characters, as Redis's).</summary>
    public static byte[] NewMark() => Encoding.ASCII.GetBytes(ReplId.New());

    private static void Write(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.ASCII.GetByteCount(text));
        output.Advance(Encoding.ASCII.GetBytes(text, span));
    }
}
