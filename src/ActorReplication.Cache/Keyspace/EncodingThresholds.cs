namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Redis's encoding thresholds (<c>hash-max-listpack-entries</c> and the like), with Redis 7.0's defaults. Values are
/// stored the same way here whatever these say; they only decide the encoding OBJECT ENCODING reports and the one a
/// DUMP payload uses, so both read as they would on a Redis with the same settings.
/// </summary>
public sealed class EncodingThresholds
{
    public long HashMaxListpackEntries { get; set; } = 512;

    public long HashMaxListpackValue { get; set; } = 64;

    public long SetMaxIntsetEntries { get; set; } = 512;

    public long ZSetMaxListpackEntries { get; set; } = 128;

    public long ZSetMaxListpackValue { get; set; } = 64;

    /// <summary>Per quicklist node: negative, a size class (-1 4 KB ... -5 64 KB); positive, a count of elements.</summary>
    public int ListMaxListpackSize { get; set; } = -2;
}
