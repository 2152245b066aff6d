using System.Text;

namespace ActorReplication.Hocon;

/// <summary>
/// Resolves substitutions against the root of one merged configuration, lazily: a getter resolves only the
/// values it reaches, so an unrelated broken substitution does not fail it. Results are memoized per path.
/// Thread-safe: a configuration is shared by readers on many threads.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly IReadOnlyList<string> _displayPrefix;
    private readonly Dictionary<string, HoconValue?> _resolvedByPath = new(StringComparer.Ordinal);
    private readonly List<string> _inProgress = []; // paths being resolved, in order: a repeat is a cycle
    private readonly Lock _lock = new();
    private HoconObject? _resolvedRoot;

    /// <param name="displayPrefix">Where the root sits in the configuration it was taken from, for messages.</param>
    public HoconResolver(HoconObject root, IReadOnlyList<string> displayPrefix)
    {
        _root = root;
        _displayPrefix = displayPrefix;
    }

    /// <summary>The resolved value at <paramref name="path"/>, or null when it is undefined.</summary>
    public HoconValue? Lookup(IReadOnlyList<string> path)
    {
        lock (_lock)
        {
            return LookupCore(path, via: null, viaPath: path);
        }
    }

    public HoconObject ResolveAll()
    {
        lock (_lock)
        {
            // Objects are never undefined, so resolving the root always gives an object.
            return _resolvedRoot ??= (HoconObject)ResolveNode(_root, [])!;
        }
    }

    /// <param name="via">The substitution that asked for this path, named if a cycle is found.</param>
    private HoconValue? LookupCore(IReadOnlyList<string> path, HoconSubstitution? via, IReadOnlyList<string> viaPath)
    {
        if (_root.IsResolved)
        {
            return Walk(_root, path);
        }

        var key = HoconPath.Render(path);
        if (_resolvedByPath.TryGetValue(key, out var known))
        {
            return known;
        }

        var cycleStart = _inProgress.IndexOf(key);
        if (cycleStart >= 0)
        {
            var cycle = string.Join(" -> ", _inProgress.Skip(cycleStart).Append(key));
            throw via is null
                ? new ConfigException($"Configuration key '{Display(path)}' is part of a substitution cycle: {cycle}", Display(path))
                : new ConfigException(
                    $"Could not resolve {via} at {via.Origin} (configuration key '{Display(viaPath)}'): substitution cycle {cycle}",
                    Display(viaPath));
        }

        _inProgress.Add(key);
        try
        {
            var result = FindAndResolve(path, via, viaPath);
            _resolvedByPath[key] = result;
            return result;
        }
        finally
        {
            _inProgress.RemoveAt(_inProgress.Count - 1);
        }
    }

    private HoconValue? FindAndResolve(IReadOnlyList<string> path, HoconSubstitution? via, IReadOnlyList<string> viaPath)
    {
        HoconValue node = _root;
        for (var i = 0; i < path.Count; i++)
        {
            if (node is HoconSubstitution reference)
            {
                // For a.x where a = ${b}, look up b.x rather than resolving all of b, which may be what is in progress.
                return LookupCore([.. reference.Path, .. path.Skip(i)], via, viaPath);
            }

            if (!node.IsResolved && node is not HoconObject)
            {
                var resolved = LookupCore(path.Take(i).ToArray(), via, viaPath);
                if (resolved is null)
                {
                    return null;
                }

                node = resolved;
            }

            if (node is not HoconObject obj || !obj.TryGetValue(path[i], out var child))
            {
                return null;
            }

            node = child;
        }

        return ResolveNode(node, path);
    }

    private static HoconValue? Walk(HoconObject root, IReadOnlyList<string> path)
    {
        HoconValue node = root;
        foreach (var segment in path)
        {
            if (node is not HoconObject obj || !obj.TryGetValue(segment, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>Resolves a value found at <paramref name="path"/>; null means undefined (an optional substitution found nothing).</summary>
    private HoconValue? ResolveNode(HoconValue value, IReadOnlyList<string> path)
    {
        if (value.IsResolved)
        {
            return value;
        }

        return value switch
        {
            HoconObject obj => ResolveObject(obj, path),
            HoconArray array => new HoconArray(
                array.Select(element => ResolveNode(element, path)).OfType<HoconValue>().ToArray(), array.Origin),
            HoconSubstitution substitution => ResolveSubstitution(substitution, path),
            HoconConcatenation concatenation => ResolveConcatenation(concatenation, path),
            HoconDelayedMerge merge => ResolveDelayedMerge(merge, path),
            _ => throw new InvalidOperationException($"Unknown HOCON value {value.GetType().Name}"),
        };
    }

    private HoconObject ResolveObject(HoconObject obj, IReadOnlyList<string> path)
    {
        var keys = new List<string>(obj.Count);
        var values = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, child) in obj)
        {
            if (ResolveNode(child, [.. path, key]) is { } resolved)
            {
                keys.Add(key);
                values[key] = resolved;
            }
        }

        return new HoconObject(keys, values, obj.Origin);
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution substitution, IReadOnlyList<string> path)
    {
        if (LookupCore(substitution.Path, substitution, path) is { } found)
        {
            return found;
        }

        if (Environment.GetEnvironmentVariable(substitution.WrittenPath) is { } environmentValue)
        {
            return new HoconScalar(environmentValue, new HoconOrigin($"environment variable {substitution.WrittenPath}", 0, 0));
        }

        return substitution.IsOptional
            ? null
            : throw new ConfigException(
                $"Could not resolve {substitution} at {substitution.Origin} (configuration key '{Display(path)}'): " +
                "it is defined neither in the configuration nor as an environment variable",
                Display(path));
    }

    private HoconScalar ResolveConcatenation(HoconConcatenation concatenation, IReadOnlyList<string> path)
    {
        var text = new StringBuilder();
        foreach (var part in concatenation.Parts)
        {
            switch (ResolveNode(part, path))
            {
                case null:
                    break; // an undefined optional substitution adds nothing to a string
                case HoconScalar scalar:
                    text.Append(scalar.Value ?? "null");
                    break;
                case var other:
                    var kind = other is HoconObject ? "an object" : "a list";
                    throw new ConfigException(
                        $"Configuration key '{Display(path)}' at {concatenation.Origin}: {part} is {kind} and cannot be joined with text",
                        Display(path));
            }
        }

        return new HoconScalar(text.ToString(), concatenation.Origin);
    }

    /// <summary>
    /// The highest defined layer wins; if it is an object, lower object layers merge into it until a non-object
    /// layer hides everything below.
    /// </summary>
    private HoconValue? ResolveDelayedMerge(HoconDelayedMerge merge, IReadOnlyList<string> path)
    {
        HoconObject? merged = null;
        foreach (var layer in merge.Layers)
        {
            var resolved = ResolveNode(layer, path);
            if (resolved is null)
            {
                continue;
            }

            if (resolved is not HoconObject obj)
            {
                return merged ?? resolved;
            }

            merged = merged is null ? obj : HoconMerge.MergeObjects(merged, obj);
        }

        return merged;
    }

    private string Display(IReadOnlyList<string> path) => HoconPath.Render([.. _displayPrefix, .. path]);
}
