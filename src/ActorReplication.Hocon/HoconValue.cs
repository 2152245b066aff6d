namespace ActorReplication.Hocon;

/// <summary>
/// A node of the immutable HOCON value tree. Resolved configurations only contain
/// <see cref="HoconObject"/>, <see cref="HoconArray"/> and <see cref="HoconScalar"/>; substitutions and
/// concatenations exist only between parsing and resolution.
/// </summary>
public abstract class HoconValue
{
    // private protected: the set of node kinds is closed; resolution relies on knowing all of them.
    private protected HoconValue(HoconOrigin origin)
    {
        Origin = origin;
    }

    public HoconOrigin Origin { get; }

    /// <summary>True when the value holds no substitutions, so resolution can return it unchanged.</summary>
    internal abstract bool IsResolved { get; }

    /// <summary>
    /// Rewrites substitution paths so they stay correct after the value is moved under <paramref name="prefix"/>,
    /// as happens to a file included inside a nested object.
    /// </summary>
    internal abstract HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix);
}
