namespace ActorReplication.Hocon;

/// <summary>Collects the fields of one object while it is parsed, merging repeated keys as they arrive.</summary>
internal sealed class HoconObjectBuilder
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, HoconValue> _values = new(StringComparer.Ordinal);

    /// <summary>Adds <c>a.b.c = value</c> as <c>a { b { c = value } }</c>, merged over any earlier <c>a</c>.</summary>
    public void Add(IReadOnlyList<string> path, HoconValue value, HoconOrigin keyOrigin)
    {
        var nested = value;
        for (var i = path.Count - 1; i >= 1; i--)
        {
            nested = HoconObject.Single(path[i], nested, keyOrigin);
        }

        Add(path[0], nested);
    }

    public void Add(string key, HoconValue value)
    {
        if (_values.TryGetValue(key, out var existing))
        {
            _values[key] = HoconMerge.Merge(value, existing);
        }
        else
        {
            _keys.Add(key);
            _values.Add(key, value);
        }
    }

    /// <summary>Hands the collected fields to the object; the builder must not be used afterwards.</summary>
    public HoconObject Build(HoconOrigin origin) => new(_keys, _values, origin);
}
