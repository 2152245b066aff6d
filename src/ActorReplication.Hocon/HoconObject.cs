using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ActorReplication.Hocon;

/// <summary>An immutable object whose keys keep the order in which they were first written.</summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly IReadOnlyList<string> _keys;
    private readonly IReadOnlyDictionary<string, HoconValue> _values;

    /// <param name="keys">Keys in order; the caller hands over ownership and must not mutate either collection.</param>
    internal HoconObject(IReadOnlyList<string> keys, IReadOnlyDictionary<string, HoconValue> values, HoconOrigin origin)
        : base(origin)
    {
        _keys = keys;
        _values = values;
        IsResolved = values.Values.All(value => value.IsResolved);
    }

    public static HoconObject Empty { get; } =
        new([], new Dictionary<string, HoconValue>(), new HoconOrigin("<empty>", 0, 0));

    public int Count => _keys.Count;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<HoconValue> Values => _keys.Select(key => _values[key]);

    public HoconValue this[string key] => _values[key];

    internal override bool IsResolved { get; }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() =>
        _keys.Select(key => new KeyValuePair<string, HoconValue>(key, _values[key])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static HoconObject Single(string key, HoconValue value, HoconOrigin origin) =>
        new([key], new Dictionary<string, HoconValue>(StringComparer.Ordinal) { [key] = value }, origin);

    internal override HoconValue WithSubstitutionPrefix(IReadOnlyList<string> prefix)
    {
        if (IsResolved)
        {
            return this;
        }

        var values = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var key in _keys)
        {
            values[key] = _values[key].WithSubstitutionPrefix(prefix);
        }

        return new HoconObject(_keys, values, Origin);
    }
}
