using System.Reflection;

namespace ActorReplication.Hocon;

/// <summary>
/// Resolves includes in embedded resources to other resources of the same assembly: first relative to the
/// including resource's logical "directory" (<c>reference/actors.conf</c> including <c>x.conf</c> finds
/// <c>reference/x.conf</c>), then by exact name, then as the one resource whose dotted manifest name ends with it.
/// </summary>
internal sealed class ResourceIncludeResolver(Assembly assembly, string includingResourceName) : IHoconIncludeResolver
{
    public static HoconSource? Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        var identity = $"{assembly.GetName().Name}:{resourceName}";
        return new HoconSource(resourceName, identity, reader.ReadToEnd(), new ResourceIncludeResolver(assembly, resourceName));
    }

    public HoconSource? Resolve(string name) =>
        FindResourceName(name) is { } resourceName ? Load(assembly, resourceName) : null;

    public string DescribeLocation(string name) => $"resource '{RelativeName(name)}' in {assembly.GetName().Name}";

    private string? FindResourceName(string name)
    {
        var names = assembly.GetManifestResourceNames();
        foreach (var candidate in new[] { RelativeName(name), name })
        {
            if (names.Contains(candidate, StringComparer.Ordinal))
            {
                return candidate;
            }
        }

        var dotted = "." + name.Replace('/', '.').Replace('\\', '.');
        var matches = names.Where(n => n.EndsWith(dotted, StringComparison.Ordinal)).Take(2).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    private string RelativeName(string name)
    {
        var slash = includingResourceName.LastIndexOf('/');
        return slash < 0 ? name : includingResourceName[..(slash + 1)] + name;
    }
}
