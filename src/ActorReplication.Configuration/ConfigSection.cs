using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorReplication.Configuration;

/// <summary>
/// The object at <see cref="Path"/> of an Akka <see cref="Config"/>, read with strict getters: a missing key or a
/// value of the wrong kind is a <see cref="ConfigException"/> naming the full key path and the value, where Akka's own
/// getters return a default (0, false, null) or throw without saying which key. Obtain with <c>config.Section("x")</c>.
/// </summary>
public readonly record struct ConfigSection(Config Root, string Path)
{
    private const string BooleanKind = "a boolean (yes/no, on/off, true/false)";
    private const string DurationKind = "a duration (e.g. 500ms, 5s, 2m, 1h, 1d, infinite)";

    public ConfigSection Section(string key) => new(Root, FullPath(key));

    public bool HasPath(string key) => Root.HasPath(FullPath(key));

    /// <summary>The keys of the object at <paramref name="key"/> (this section when empty); none when it is missing.</summary>
    public IReadOnlyList<string> Keys(string key = "")
    {
        var path = FullPath(key);
        if (Root.IsEmpty) return [];
        var value = path.Length == 0 ? Root.Root : Root.GetValue(path);
        if (value is null || value.IsEmpty) return [];
        return value.IsObject() ? [.. value.GetObject().Items.Keys] : throw WrongKind(path, value, "an object");
    }

    public string ReadString(string key) => Scalar(FullPath(key), "a string");

    public int ReadInt(string key) => Parse(key, "an integer", static (string text, out int v) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v));

    public long ReadLong(string key) => Parse(key, "an integer", static (string text, out long v) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v));

    public double ReadDouble(string key) => Parse(key, "a number", static (string text, out double v) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v));

    /// <summary>yes/no (as in redis.conf), on/off or true/false.</summary>
    public bool ReadBoolean(string key) => Parse(key, BooleanKind, static (string text, out bool v) =>
    {
        v = text.ToLowerInvariant() is "yes" or "on" or "true";
        return v || text.ToLowerInvariant() is "no" or "off" or "false";
    });

    /// <summary>Akka's durations: <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>, <c>infinite</c>; a bare number is milliseconds.</summary>
    public TimeSpan ReadTimeSpan(string key) => Parse(key, DurationKind, static (string text, out TimeSpan v) =>
    {
        var literal = new HoconValue();
        literal.AppendValue(new HoconLiteral { Value = text });
        try
        {
            v = literal.GetTimeSpan(allowInfinite: true);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            v = default;
            return false;
        }
    });

    /// <summary>A byte size with Redis's units, see <see cref="ByteSize"/>.</summary>
    public long ReadByteSize(string key) => Parse<long>(key, ByteSize.Expected, ByteSize.TryParse);

    public IReadOnlyList<string> ReadStringList(string key)
    {
        var path = FullPath(key);
        var value = Defined(path);
        // Akka's IsArray() is false for an empty list.
        if (value.Values.Count == 0 || !value.Values.All(element => element is HoconArray)) throw WrongKind(path, value, "a list of strings");
        var list = new List<string>();
        foreach (var element in value.GetArray())
        {
            if (!element.IsString()) throw WrongKind(path, value, "a list of strings");
            list.Add(element.GetString());
        }

        return list;
    }

    private delegate bool TryParseText<T>(string text, out T value);

    private T Parse<T>(string key, string kind, TryParseText<T> tryParse)
    {
        var path = FullPath(key);
        var text = Scalar(path, kind);
        return tryParse(text.Trim(), out var value)
            ? value
            : throw new ConfigException($"Configuration key '{path}' has value \"{text}\", which is not {kind}", path);
    }

    private string Scalar(string path, string kind)
    {
        var value = Defined(path);
        return value.IsString() ? value.GetString() : throw WrongKind(path, value, kind);
    }

    private HoconValue Defined(string path) =>
        Root.GetValue(path) is { Values.Count: > 0 } value
            ? value
            : throw new ConfigException($"Configuration key '{path}' is missing", path);

    private static ConfigException WrongKind(string path, HoconValue value, string kind) =>
        new($"Configuration key '{path}' has {(value.IsObject() ? "an object" : value.IsArray() ? "a list" : $"value \"{value.GetString()}\"")}, which is not {kind}", path);

    private string FullPath(string key) => Path.Length == 0 ? key : key.Length == 0 ? Path : $"{Path}.{key}";
}
