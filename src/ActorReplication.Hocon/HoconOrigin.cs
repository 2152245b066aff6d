namespace ActorReplication.Hocon;

/// <summary>
/// Where a value was written: the source (a file path, resource name or "&lt;string&gt;") and a 1-based line and column.
/// Values that came from the environment have line 0 and render as just the source.
/// </summary>
public readonly record struct HoconOrigin(string Source, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
}
