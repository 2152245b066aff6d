namespace ActorReplication.Hocon;

/// <summary>
/// A <c>${path}</c> or <c>${?path}</c> reference, resolved against the root of the fully merged configuration.
/// </summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(IReadOnlyList<string> path, bool isOptional, string writtenPath, HoconOrigin origin)
        : base(origin)
    {
        Path = path;
        IsOptional = isOptional;
        WrittenPath = writtenPath;
    }

    public IReadOnlyList<string> Path { get; }

    /// <summary>An optional substitution that finds nothing leaves its field undefined instead of failing.</summary>
    public bool IsOptional { get; }

    /// <summary>
    /// The path as written. It is also the environment variable name, which must not change when an include
    /// moves the substitution under a prefix.
    /// </summary>
    public string WrittenPath { get; }

    internal override bool IsResolved => false;

    internal override HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix) =>
        new HoconSubstitution([.. prefix, .. Path], IsOptional, WrittenPath, Origin);

    public override string ToString() => IsOptional ? $"${{?{WrittenPath}}}" : $"${{{WrittenPath}}}";
}
