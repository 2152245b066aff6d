namespace ActorReplication.Hocon;

/// <summary>
/// The one merge rule shared by duplicate keys in a file, includes and <see cref="Config.WithFallback"/>:
/// objects merge deeply, anything else replaces what it hides.
/// </summary>
internal static class HoconMerge
{
    public static HoconValue Merge(HoconValue higher, HoconValue lower)
    {
        if (higher is HoconObject higherObject && lower is HoconObject lowerObject)
        {
            return MergeObjects(higherObject, lowerObject);
        }

        // A substitution may be undefined or turn into an object, and an object may have to merge with what a
        // substitution below it turns into: both can only be decided during resolution.
        var higherIsOpen = higher is HoconSubstitution or HoconDelayedMerge;
        var lowerMayBecomeObject = lower is HoconSubstitution or HoconDelayedMerge;
        if (higherIsOpen || (higher is HoconObject && lowerMayBecomeObject))
        {
            return HoconDelayedMerge.Of(higher, lower);
        }

        return higher;
    }

    public static HoconObject MergeObjects(HoconObject higher, HoconObject lower)
    {
        if (higher.Count == 0)
        {
            return lower;
        }

        if (lower.Count == 0)
        {
            return higher;
        }

        var keys = new List<string>(lower.Count + higher.Count);
        var values = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, lowerValue) in lower)
        {
            keys.Add(key);
            values[key] = higher.TryGetValue(key, out var higherValue) ? Merge(higherValue, lowerValue) : lowerValue;
        }

        foreach (var (key, higherValue) in higher)
        {
            if (!values.ContainsKey(key))
            {
                keys.Add(key);
                values[key] = higherValue;
            }
        }

        return new HoconObject(keys, values, higher.Origin);
    }
}
