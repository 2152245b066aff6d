using System.Collections;

namespace ActorReplication.Hocon;

/// <summary>An immutable list of values.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly IReadOnlyList<HoconValue> _elements;

    internal HoconArray(IReadOnlyList<HoconValue> elements, HoconOrigin origin)
        : base(origin)
    {
        _elements = elements;
        IsResolved = elements.All(element => element.IsResolved);
    }

    public int Count => _elements.Count;

    public HoconValue this[int index] => _elements[index];

    internal override bool IsResolved { get; }

    internal override HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix) =>
        IsResolved ? this : new HoconArray(_elements.Select(e => e.WithSubstitutionPrefix(prefix)).ToArray(), Origin);

    public IEnumerator<HoconValue> GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
