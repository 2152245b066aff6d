namespace ActorReplication.Hocon;

/// <summary>
/// Values assigned to the same key whose merge can only be decided after resolution: a substitution may turn out
/// undefined (so the value it hides survives) or may resolve to an object (which then merges with the objects it
/// hides). Layers are ordered from highest to lowest priority.
/// </summary>
internal sealed class HoconDelayedMerge : HoconValue
{
    private HoconDelayedMerge(IReadOnlyList<HoconValue> layers, HoconOrigin origin)
        : base(origin)
    {
        Layers = layers;
    }

    public IReadOnlyList<HoconValue> Layers { get; }

    internal override bool IsResolved => false;

    public static HoconDelayedMerge Of(HoconValue higher, HoconValue lower) =>
        new([.. LayersOf(higher), .. LayersOf(lower)], higher.Origin);

    internal override HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix) =>
        new HoconDelayedMerge(Layers.Select(layer => layer.WithSubstitutionPrefix(prefix)).ToArray(), Origin);

    private static IEnumerable<HoconValue> LayersOf(HoconValue value) =>
        value is HoconDelayedMerge merge ? merge.Layers : [value];
}
