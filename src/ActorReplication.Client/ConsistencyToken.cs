using System.Globalization;

namespace ActorReplication.Client;

/// <summary>
/// A position in a master's replication history (<c>master_replid</c>, <c>master_repl_offset</c>) just after a write:
/// a replica that applied that history up to <see cref="Offset"/> has the write. A replica promoted since still
/// honours it (the old history is its replid2). Text form <c>replid:offset</c>, to pass between processes.
/// </summary>
public sealed record ConsistencyToken(string ReplId, long Offset)
{
    public override string ToString() => ReplId + ":" + Offset.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <see cref="ToString"/>'s form; <see cref="FormatException"/> otherwise.</summary>
    public static ConsistencyToken Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset <= 0)
            throw new FormatException($"not a consistency token (replid:offset): '{text}'");
        return new ConsistencyToken(text[..colon], offset);
    }
}
