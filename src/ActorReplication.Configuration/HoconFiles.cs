using System.Reflection;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorReplication.Configuration;

/// <summary>
/// Reads HOCON with Akka's parser (<see cref="Parser"/>), adding what our files rely on: <c>include "file"</c>
/// relative to the including file, <c>${?NAME}</c> environment overrides, syntax errors and missing files reported
/// as one <see cref="ConfigException"/> line naming the file (see <see cref="HoconText"/>).
/// </summary>
public static class HoconFiles
{
    private const int MaxIncludeDepth = 16;

    /// <summary>Parses a file; includes are relative to its directory.</summary>
    public static Config ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new ConfigException($"{path}: no such file");
        return new Config(ParseFileRoot(Path.GetFullPath(path), path, []));
    }

    /// <summary>Parses text; includes are relative to <paramref name="baseDirectory"/> (the working directory by default).</summary>
    public static Config ParseString(string text, string source = "<string>", string baseDirectory = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Config(Parse(text, source, baseDirectory, []));
    }

    /// <summary>Parses an embedded resource by its manifest name (an MSBuild <c>LogicalName</c> such as <c>reference/node.conf</c>).</summary>
    public static Config FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new ConfigException($"Resource '{resourceName}' not found in {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return new Config(Parse(reader.ReadToEnd(), $"{assembly.GetName().Name}:{resourceName}", null, []));
    }

    /// <summary>
    /// One <c>path=value</c> assignment (a command line's <c>--set</c>) as a config. A value starting with <c>"</c>,
    /// <c>[</c> or <c>{</c> is HOCON; any other is taken as a string as typed, so <c>127.0.0.1:6379</c> needs no quotes.
    /// </summary>
    public static Config ParseAssignment(string assignment, string source)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var path = equals > 0 ? assignment[..equals].Trim() : "";
        if (path.Length == 0 || path.Split('.').Any(segment => segment.Length == 0 || segment.Any(char.IsWhiteSpace)))
            throw new ConfigException($"{source}: expected path=value, e.g. --set replication.repl-backlog-size=64mb");
        var value = assignment[(equals + 1)..].Trim();
        var hocon = value.Length > 0 && value[0] is '"' or '[' or '{' ? value : HoconText.Quote(value);
        return ParseString($"{path} = {hocon}", source);
    }

    private static HoconRoot ParseFileRoot(string fullPath, string source, IReadOnlyList<string> including)
    {
        if (including.Contains(fullPath, StringComparer.Ordinal))
            throw new ConfigException($"{source}: include cycle ({string.Join(" -> ", [.. including, fullPath])})");
        if (including.Count >= MaxIncludeDepth) throw new ConfigException($"{source}: includes nest deeper than {MaxIncludeDepth}");
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{source}: cannot read: {ex.Message}");
        }

        return Parse(text, source, Path.GetDirectoryName(fullPath) ?? "", [.. including, fullPath]);
    }

    private static HoconRoot Parse(string text, string source, string? baseDirectory, IReadOnlyList<string> including)
    {
        var prepared = HoconText.Prepare(text, source);
        HoconRoot root;
        try
        {
            root = Parser.Parse(prepared, name => Include(name, source, baseDirectory, including));
        }
        catch (ConfigException)
        {
            throw;
        }
        catch (Exception ex) when (ex.InnerException is ConfigException inner)
        {
            throw inner;
        }
        catch (Exception ex)
        {
            // Akka's parser has no positions; its message says what it could not read.
            throw new ConfigException($"{source}: {ex.Message.ReplaceLineEndings(" ")}");
        }

        if (root.Value.IsObject()) DropUnsetAndCheck(root.Value.GetObject(), "", source);
        return root;
    }

    private static HoconRoot Include(string name, string source, string? baseDirectory, IReadOnlyList<string> including)
    {
        if (baseDirectory is null) throw new ConfigException($"{source}: include \"{name}\": embedded resources include nothing");
        var path = Path.GetFullPath(Path.Combine(baseDirectory, name));
        if (!File.Exists(path) && !Path.HasExtension(path) && File.Exists(path + ".conf")) path += ".conf";
        if (!File.Exists(path)) throw new ConfigException($"{source}: include \"{name}\": no such file {path}");
        return ParseFileRoot(path, Path.GetRelativePath(Directory.GetCurrentDirectory(), path), including);
    }

    // Keys set by an unset ${?NAME} are removed, so the same key of a lower layer (the reference default) applies.
    private static void DropUnsetAndCheck(HoconObject obj, string prefix, string source)
    {
        foreach (var (key, value) in obj.Items.ToArray())
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value.Values.Count == 0)
                throw new ConfigException($"{source}: '{path}' has no value (expected key = value)", path);
            if (value.IsObject())
            {
                DropUnsetAndCheck(value.GetObject(), path, source);
            }
            else if (value.IsString() && value.GetString() is { } text && text.Contains(HoconText.Unset, StringComparison.Ordinal))
            {
                if (text != HoconText.Unset)
                    throw new ConfigException($"{source}: '{path}': ${{?NAME}} must be the whole value", path);
                obj.Items.Remove(key);
            }
        }
    }
}
