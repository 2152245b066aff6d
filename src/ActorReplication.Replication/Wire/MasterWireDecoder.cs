using System.Buffers;
using System.Globalization;
using System.Text;

namespace ActorReplication.Replication.Wire;

/// <summary>
/// The replica's reader of its master's connection, in Redis's replication wire: reply lines to the handshake, then
/// <c>+FULLRESYNC replid offset</c> and the snapshot in diskless form (<c>$EOF:&lt;40-byte mark&gt;\r\n</c>, the bytes,
/// the mark) or <c>+CONTINUE [replid]</c>, then the command stream, with keepalive newlines and inline
/// <c>REPLCONF GETACK *</c> between commands (outside the offsets: see docs/replication.md). Fed any cuts of the input;
/// returns false when it needs more, and never copies: events point into the buffer. Stream bytes come out only as whole
/// commands (so the replica's offset always ends on a command, as Redis's does), in pieces of at most
/// <see cref="MaxPieceBytes"/>; a longer command comes out in consecutive pieces once it is whole in the buffer.
/// </summary>
public sealed class MasterWireDecoder
{
    /// <summary>Largest piece handed on: its copy stays off the large-object heap.</summary>
    public const int MaxPieceBytes = 64 * 1024;

    private const int MaxLineBytes = 1024;

    private Mode _mode = Mode.Replies;
    private byte[] _mark = [];
    private RespCommandScanner _scanner;
    private long _verified; // bytes at the buffer's start known to be whole commands, not yet handed on
    private long _scanned;  // bytes at the buffer's start the scanner has passed

    private enum Mode : byte
    {
        Replies,
        SnapshotHeader,
        Snapshot,
        Stream,
    }

    /// <summary>True once the stream (after the snapshot or +CONTINUE) is being read.</summary>
    public bool InStream => _mode == Mode.Stream;

    /// <summary>Reads the next event from the start of <paramref name="buffer"/>, slicing off what it consumed.</summary>
    /// <exception cref="ReplicationWireException">The master sent something this protocol does not allow.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out MasterWireEvent next)
    {
        next = default;
        return _mode switch
        {
            Mode.Replies => TryReadReply(ref buffer, out next),
            Mode.SnapshotHeader => TryReadSnapshotHeader(ref buffer, out next),
            Mode.Snapshot => TryReadSnapshot(ref buffer, out next),
            _ => TryReadStream(ref buffer, out next),
        };
    }

    private bool TryReadReply(ref ReadOnlySequence<byte> buffer, out MasterWireEvent next)
    {
        next = default;
        if (!TryReadLine(ref buffer, out var line)) return false;
        if (line.Length == 0)
        {
            next = new MasterWireEvent(MasterWireEventKind.KeepAlive);
            return true;
        }
        if (line.StartsWith("+FULLRESYNC ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[1].Length != ReplId.None.Length
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                throw new ReplicationWireException($"the master answered PSYNC with a malformed '{line}'");
            _mode = Mode.SnapshotHeader;
            next = new MasterWireEvent(MasterWireEventKind.FullResync, parts[1], offset);
            return true;
        }
        if (line == "+CONTINUE" || line.StartsWith("+CONTINUE ", StringComparison.Ordinal))
        {
            var replId = line.Length > "+CONTINUE ".Length ? line["+CONTINUE ".Length..].Trim() : null;
            if (replId is not null && replId.Length != ReplId.None.Length) throw new ReplicationWireException($"the master answered PSYNC with a malformed '{line}'");
            _mode = Mode.Stream;
            next = new MasterWireEvent(MasterWireEventKind.Continue, replId);
            return true;
        }
        if (line[0] is not ('+' or '-')) throw new ReplicationWireException($"the master sent '{Truncate(line)}' where a reply was expected");
        next = new MasterWireEvent(MasterWireEventKind.Reply, line);
        return true;
    }

    private bool TryReadSnapshotHeader(ref ReadOnlySequence<byte> buffer, out MasterWireEvent next)
    {
        next = default;
        if (!TryReadLine(ref buffer, out var line)) return false;
        if (line.Length == 0)
        {
            next = new MasterWireEvent(MasterWireEventKind.KeepAlive);
            return true;
        }
        if (!line.StartsWith("$EOF:", StringComparison.Ordinal) || line.Length != "$EOF:".Length + ReplicationWire.MarkLength)
            throw new ReplicationWireException($"the master sent '{Truncate(line)}' where the snapshot's $EOF:<mark> header was expected");
        _mark = Encoding.ASCII.GetBytes(line["$EOF:".Length..]);
        _mode = Mode.Snapshot;
        return TryReadSnapshot(ref buffer, out next);
    }

    private bool TryReadSnapshot(ref ReadOnlySequence<byte> buffer, out MasterWireEvent next)
    {
        next = default;
        if (buffer.IsEmpty) return false;
        // Only the window that could be handed on now is searched, so a long buffer is not searched again per piece.
        var window = buffer.Slice(0, Math.Min(buffer.Length, MaxPieceBytes + _mark.Length - 1));
        var reader = new SequenceReader<byte>(window);
        if (reader.TryReadTo(out ReadOnlySequence<byte> before, _mark, advancePastDelimiter: false))
        {
            if (before.Length > 0)
            {
                next = new MasterWireEvent(MasterWireEventKind.SnapshotBytes, Bytes: before);
                buffer = buffer.Slice(before.Length);
                return true;
            }
            buffer = buffer.Slice(_mark.Length);
            _mode = Mode.Stream;
            next = new MasterWireEvent(MasterWireEventKind.SnapshotEnd);
            return true;
        }
        // The mark may begin in the last mark-length - 1 bytes: those wait for more input.
        var safe = Math.Min(window.Length - (_mark.Length - 1), MaxPieceBytes);
        if (safe <= 0) return false;
        next = new MasterWireEvent(MasterWireEventKind.SnapshotBytes, Bytes: buffer.Slice(0, safe));
        buffer = buffer.Slice(safe);
        return true;
    }

    private bool TryReadStream(ref ReadOnlySequence<byte> buffer, out MasterWireEvent next)
    {
        next = default;
        if (_verified == 0)
        {
            if (_scanned == 0 && _scanner.AtBoundary && !buffer.IsEmpty && buffer.FirstSpan[0] != (byte)'*') return TryReadControl(ref buffer, out next);
            Scan(buffer);
            if (_verified == 0) return false;
        }
        var take = Math.Min(_verified, MaxPieceBytes);
        next = new MasterWireEvent(MasterWireEventKind.StreamBytes, Bytes: buffer.Slice(0, take));
        buffer = buffer.Slice(take);
        _verified -= take;
        _scanned -= take;
        return true;
    }

    /// <summary>Moves the scanner on over the buffer from where it stopped, until a piece's worth of whole commands is known.</summary>
    private void Scan(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer.Slice(_scanned))
        {
            var consumed = _scanner.Advance(segment.Span, out var lastEnd);
            if (lastEnd >= 0) _verified = _scanned + lastEnd;
            _scanned += consumed;
            if (consumed < segment.Length || _verified >= MaxPieceBytes) return;
        }
    }

    /// <summary>Between commands, a line that is not a multibulk: link control, outside the offsets.</summary>
    private bool TryReadControl(ref ReadOnlySequence<byte> buffer, out MasterWireEvent next)
    {
        next = default;
        if (!TryReadLine(ref buffer, out var line)) return false;
        next = line switch
        {
            "" or "PING" => new MasterWireEvent(MasterWireEventKind.KeepAlive),
            "REPLCONF GETACK *" => new MasterWireEvent(MasterWireEventKind.GetAck),
            _ => throw new ReplicationWireException($"the master sent '{Truncate(line)}' between stream commands"),
        };
        return true;
    }

    /// <summary>A line up to LF (CR before it dropped), at most <see cref="MaxLineBytes"/>.</summary>
    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out string line)
    {
        line = string.Empty;
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            if (buffer.Length > MaxLineBytes) throw new ReplicationWireException($"the master sent a line longer than {MaxLineBytes} bytes");
            return false;
        }
        var raw = buffer.Slice(0, end.Value);
        if (raw.Length > MaxLineBytes) throw new ReplicationWireException($"the master sent a line longer than {MaxLineBytes} bytes");
        line = Encoding.UTF8.GetString(raw);
        if (line.EndsWith('\r')) line = line[..^1];
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static string Truncate(string line) => line.Length <= 64 ? line : line[..64] + "...";
}
