using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

namespace ActorReplication.Hocon;

/// <summary>
/// An immutable, thread-safe view of a HOCON configuration. Substitutions are resolved lazily against the root
/// of the fully merged configuration, so a node file can refer to keys that only its fallback defines.
/// Paths are dotted (<c>replication.repl-timeout</c>); quote a segment that contains dots (<c>a."b.c"</c>).
/// </summary>
public sealed class Config
{
    private const string BooleanKind = "a boolean (true/false, on/off, yes/no)";
    private const string DurationKind = "a duration (e.g. 500ms, 5s, 2m, 1h, 1d)";
    private const string ByteSizeKind = "a byte size (e.g. 64b, 1k, 1kb, 1mib)";

    private delegate bool ScalarParser<T>(string text, out T value);

    private readonly HoconObject _root; // merged but unresolved
    private readonly IReadOnlyList<string> _pathPrefix; // where a GetConfig result sits, so messages name full paths
    private readonly Lazy<HoconResolver> _resolver;

    private Config(HoconObject root, IReadOnlyList<string> pathPrefix)
    {
        _root = root;
        _pathPrefix = pathPrefix;
        _resolver = new Lazy<HoconResolver>(() => new HoconResolver(root, pathPrefix));
    }

    public static Config Empty { get; } = new(HoconObject.Empty, []);

    public bool IsEmpty => _root.Count == 0;

    /// <summary>The resolved root object; throws <see cref="ConfigException"/> if any substitution cannot be resolved.</summary>
    public HoconObject Root => _resolver.Value.ResolveAll();

    /// <summary>Parses HOCON text. Includes are looked up relative to the working directory.</summary>
    /// <exception cref="HoconParseException">The text is malformed.</exception>
    public static Config ParseString(string text, string sourceName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(new HoconSource(sourceName, sourceName, text, FileIncludeResolver.WorkingDirectory));
    }

    /// <summary>Parses a file. Includes are looked up relative to the file's directory.</summary>
    public static Config ParseFile(string path) =>
        Parse(FileIncludeResolver.SourceForFile(path, File.ReadAllText(path)));

    /// <summary>
    /// Parses an embedded resource, by its manifest name (an MSBuild <c>LogicalName</c> such as
    /// <c>reference/actors.conf</c>). Includes are looked up among the assembly's other resources.
    /// </summary>
    public static Config FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var source = ResourceIncludeResolver.Load(assembly, resourceName)
            ?? throw new ConfigException(
                $"Resource '{resourceName}' not found in {assembly.GetName().Name}; it has: " +
                string.Join(", ", assembly.GetManifestResourceNames()));
        return Parse(source);
    }

    /// <summary>
    /// Returns a configuration where this one's values win and <paramref name="fallback"/> fills the gaps.
    /// Objects merge deeply; substitutions in either resolve against the merged result.
    /// </summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (fallback.IsEmpty)
        {
            return this;
        }

        return IsEmpty && _pathPrefix.Count == 0
            ? fallback
            : new Config(HoconMerge.MergeObjects(_root, fallback._root), _pathPrefix);
    }

    /// <summary>
    /// Returns a configuration with <paramref name="path"/> set to <paramref name="hoconValueText"/>, which is read
    /// as a HOCON value: <c>WithValue("replication.master", "127.0.0.1:6379")</c>, <c>WithValue("a.timeout", "5s")</c>,
    /// <c>WithValue("a.hosts", "[x, y]")</c>. Quote text that contains <c>#</c>, <c>//</c>, <c>,</c> or brackets.
    /// </summary>
    /// <exception cref="HoconParseException">The value is not valid HOCON.</exception>
    public Config WithValue(string path, string hoconValueText)
    {
        var segments = HoconPath.Parse(path);
        ArgumentNullException.ThrowIfNull(hoconValueText);
        return ParseString($"{HoconPath.Render(segments)} = {hoconValueText}", $"override '{path}'").WithFallback(this);
    }

    /// <summary>
    /// Applies <c>path=value</c> assignments such as command-line <c>--set</c> options, later ones winning.
    /// The value is everything after the first '=' and is read as by <see cref="WithValue"/>.
    /// </summary>
    public Config WithOverrides(params IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var config = this;
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"Override '{assignment}' is not of the form path=value", nameof(assignments));
            }

            config = config.WithValue(assignment[..equals].Trim(), assignment[(equals + 1)..]);
        }

        return config;
    }

    /// <summary>Resolves every substitution now, so a broken configuration fails at startup rather than on first use.</summary>
    public Config Resolve()
    {
        var root = Root;
        return ReferenceEquals(root, _root) ? this : new Config(root, _pathPrefix);
    }

    /// <summary>True when the path has a value other than <c>null</c>.</summary>
    public bool HasPath(string path) => FindDefined(path) is not null;

    /// <summary>The resolved value at the path, or null when there is none.</summary>
    public HoconValue? GetValue(string path) => _resolver.Value.Lookup(HoconPath.Parse(path));

    /// <summary>Where the value at the path was written, as <c>file:line:column</c>.</summary>
    public string GetOrigin(string path) =>
        (GetValue(path) ?? throw Missing(path)).Origin.ToString();

    /// <summary>The keys of the object at the path (the root when the path is empty), in the order written.</summary>
    public IReadOnlyList<string> GetKeys(string path = "")
    {
        if (path.Length == 0)
        {
            return Root.Keys.ToArray();
        }

        return FindDefined(path) switch
        {
            null => [],
            HoconObject obj => obj.Keys.ToArray(),
            var other => throw WrongType(path, other, "an object"),
        };
    }

    /// <summary>The resolved top-level entries, in the order written.</summary>
    public IEnumerable<KeyValuePair<string, HoconValue>> AsEnumerable() => Root;

    /// <summary>
    /// The object at the path as a configuration of its own, with substitutions already resolved from this
    /// configuration's root. A missing path gives an empty configuration.
    /// </summary>
    public Config GetConfig(string path)
    {
        IReadOnlyList<string> fullPath = [.. _pathPrefix, .. HoconPath.Parse(path)];
        return FindDefined(path) switch
        {
            null => new Config(HoconObject.Empty, fullPath),
            HoconObject obj => new Config(obj, fullPath),
            var other => throw WrongType(path, other, "an object"),
        };
    }

    public string GetString(string path) => Get<string>(path, "a string", TryReadString);

    [return: NotNullIfNotNull(nameof(defaultValue))]
    public string? GetString(string path, string? defaultValue) =>
        FindDefined(path) is { } value ? Convert<string>(path, value, "a string", TryReadString) : defaultValue;

    public int GetInt(string path) => Get<int>(path, "an int", HoconUnits.TryParseInt);

    public int GetInt(string path, int defaultValue) => GetOrDefault(path, defaultValue, "an int", HoconUnits.TryParseInt);

    public long GetLong(string path) => Get<long>(path, "a long", HoconUnits.TryParseLong);

    public long GetLong(string path, long defaultValue) => GetOrDefault(path, defaultValue, "a long", HoconUnits.TryParseLong);

    /// <summary>Accepts true/false, on/off and yes/no.</summary>
    public bool GetBoolean(string path) => Get<bool>(path, BooleanKind, HoconUnits.TryParseBoolean);

    public bool GetBoolean(string path, bool defaultValue) => GetOrDefault(path, defaultValue, BooleanKind, HoconUnits.TryParseBoolean);

    public double GetDouble(string path) => Get<double>(path, "a double", HoconUnits.TryParseDouble);

    public double GetDouble(string path, double defaultValue) => GetOrDefault(path, defaultValue, "a double", HoconUnits.TryParseDouble);

    /// <summary>
    /// Reads <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>, <c>100us</c>, <c>10ns</c>, long unit names such as
    /// <c>5 seconds</c>, or <c>infinite</c> (<see cref="Timeout.InfiniteTimeSpan"/>). A bare number is milliseconds.
    /// </summary>
    public TimeSpan GetTimeSpan(string path) => Get<TimeSpan>(path, DurationKind, HoconUnits.TryParseDuration);

    public TimeSpan GetTimeSpan(string path, TimeSpan defaultValue) => GetOrDefault(path, defaultValue, DurationKind, HoconUnits.TryParseDuration);

    /// <summary>
    /// Reads a size in bytes with Redis's units: <c>1k</c> = 1000 but <c>1kb</c> = 1024 (likewise m/mb, g/gb, t/tb);
    /// <c>kib</c>/<c>mib</c>/<c>gib</c>/<c>tib</c> are 1024-based; <c>b</c> or no unit is bytes. Case-insensitive.
    /// </summary>
    public long GetByteSize(string path) => Get<long>(path, ByteSizeKind, HoconUnits.TryParseByteSize);

    public long GetByteSize(string path, long defaultValue) => GetOrDefault(path, defaultValue, ByteSizeKind, HoconUnits.TryParseByteSize);

    public IReadOnlyList<string> GetStringList(string path) => ToStringList(path, FindRequired(path));

    [return: NotNullIfNotNull(nameof(defaultValue))]
    public IReadOnlyList<string>? GetStringList(string path, IReadOnlyList<string>? defaultValue) =>
        FindDefined(path) is { } value ? ToStringList(path, value) : defaultValue;

    private static Config Parse(HoconSource source) => new(HoconParser.Parse(source), []);

    private static bool TryReadString(string text, out string value)
    {
        value = text;
        return true;
    }

    private T Get<T>(string path, string expectedKind, ScalarParser<T> parser) =>
        Convert(path, FindRequired(path), expectedKind, parser);

    private T GetOrDefault<T>(string path, T defaultValue, string expectedKind, ScalarParser<T> parser) =>
        FindDefined(path) is { } value ? Convert(path, value, expectedKind, parser) : defaultValue;

    private T Convert<T>(string path, HoconValue value, string expectedKind, ScalarParser<T> parser) =>
        value is HoconScalar { Value: { } text } && parser(text, out var result)
            ? result
            : throw WrongType(path, value, expectedKind);

    private IReadOnlyList<string> ToStringList(string path, HoconValue value)
    {
        if (value is HoconArray array && array.All(element => element is HoconScalar { IsNull: false }))
        {
            return array.Select(element => ((HoconScalar)element).Value!).ToArray();
        }

        throw WrongType(path, value, "a list of strings");
    }

    /// <summary>The value at the path, or null when it is missing or <c>null</c>.</summary>
    private HoconValue? FindDefined(string path) =>
        GetValue(path) is { } value && value is not HoconScalar { IsNull: true } ? value : null;

    private HoconValue FindRequired(string path)
    {
        var value = GetValue(path) ?? throw Missing(path);
        return value is HoconScalar { IsNull: true }
            ? throw new ConfigException($"Configuration key '{FullPath(path)}' at {value.Origin} is null", FullPath(path))
            : value;
    }

    private ConfigException Missing(string path) =>
        new($"Missing configuration key '{FullPath(path)}'", FullPath(path));

    private ConfigException WrongType(string path, HoconValue value, string expectedKind)
    {
        var found = value switch
        {
            HoconScalar scalar => string.Create(CultureInfo.InvariantCulture, $"value \"{scalar}\""),
            HoconObject => "an object value",
            _ => "a list value",
        };
        return new ConfigException(
            $"Configuration key '{FullPath(path)}' at {value.Origin} has {found}, which is not {expectedKind}",
            FullPath(path));
    }

    private string FullPath(string path) =>
        _pathPrefix.Count == 0 ? path : $"{HoconPath.Render(_pathPrefix)}.{path}";
}
