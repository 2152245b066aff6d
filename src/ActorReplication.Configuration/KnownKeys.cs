using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorReplication.Configuration;

/// <summary>
/// Rejects keys that the reference files do not define, so a misspelt key stops the node instead of being ignored.
/// Every top-level section the reference defines is checked to its leaves; a top-level key the reference does not
/// define is an error too, except <see cref="ForeignSections"/> (Akka's own <c>akka</c>, which Akka reads).
/// </summary>
public sealed class KnownKeys(Config reference, IReadOnlyCollection<string> openMaps)
{
    /// <summary>Top-level sections owned by others, passed through unchecked.</summary>
    public static IReadOnlyCollection<string> ForeignSections { get; } = ["akka"];

    /// <summary>Throws a <see cref="ConfigException"/> naming <paramref name="source"/> and the first unknown key of <paramref name="layer"/>.</summary>
    public void Check(Config layer, string source)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.IsEmpty || !layer.Root.IsObject()) return;
        Check(layer.Root.GetObject(), "", source);
    }

    private void Check(HoconObject obj, string prefix, string source)
    {
        foreach (var (key, value) in obj.Items)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (prefix.Length == 0 && ForeignSections.Contains(key)) continue;
            if (openMaps.Any(map => path.StartsWith(map + ".", StringComparison.Ordinal))) continue;
            var known = Lookup(path);
            if (known is null)
                throw new ConfigException($"{source}: unknown key '{path}'{Suggestion(prefix, key)}", path);
            if (!value.IsObject()) continue;
            if (!known.IsObject() && value.GetObject().Items.Keys.FirstOrDefault() is { } inner)
                throw new ConfigException($"{source}: unknown key '{path}.{inner}' ('{path}' is a value, not a section)", $"{path}.{inner}");
            Check(value.GetObject(), path, source);
        }
    }

    private HoconValue? Lookup(string path)
    {
        try
        {
            return reference.GetValue(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null; // a path through a scalar
        }
    }

    // The closest sibling the reference defines, when it is a likely typo (at most two edits away).
    private string Suggestion(string prefix, string key)
    {
        var siblings = prefix.Length == 0 ? reference.Root.GetObject().Items.Keys : Lookup(prefix)?.GetObject()?.Items.Keys;
        var best = siblings?.Select(s => (Name: s, Distance: EditDistance(s, key))).Where(s => s.Distance <= 2).OrderBy(s => s.Distance).FirstOrDefault();
        return best is { Name: { } name } ? $" (did you mean '{(prefix.Length == 0 ? name : $"{prefix}.{name}")}'?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}
