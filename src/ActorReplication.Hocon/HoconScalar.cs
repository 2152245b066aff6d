namespace ActorReplication.Hocon;

/// <summary>
/// A simple value. HOCON numbers, booleans and strings are all kept as their text; the typed getters of
/// <see cref="Config"/> interpret it. A <c>null</c> literal has a null <see cref="Value"/>.
/// </summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(string? value, HoconOrigin origin)
        : base(origin)
    {
        Value = value;
    }

    public string? Value { get; }

    public bool IsNull => Value is null;

    internal override bool IsResolved => true;

    internal override HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix) => this;

    public override string ToString() => Value ?? "null";
}
