namespace ActorReplication.Hocon;

/// <summary>
/// Simple values written side by side on one line, at least one of them a substitution
/// (<c>url = "redis://" ${host}</c>). Resolves to a single string.
/// </summary>
internal sealed class HoconConcatenation : HoconValue
{
    /// <param name="parts">Text pieces (<see cref="HoconScalar"/>, whitespace between values included) and substitutions.</param>
    public HoconConcatenation(IReadOnlyList<HoconValue> parts, HoconOrigin origin)
        : base(origin)
    {
        Parts = parts;
    }

    public IReadOnlyList<HoconValue> Parts { get; }

    internal override bool IsResolved => false;

    internal override HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix) =>
        new HoconConcatenation(Parts.Select(part => part.WithSubstitutionPrefix(prefix)).ToArray(), Origin);
}
