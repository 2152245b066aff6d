namespace ActorReplication.Hocon;

/// <summary>Resolves includes as files relative to the directory of the including file.</summary>
internal sealed class FileIncludeResolver(string baseDirectory) : IHoconIncludeResolver
{
    /// <summary>Text passed to <see cref="Config.ParseString"/> includes files relative to the working directory.</summary>
    public static FileIncludeResolver WorkingDirectory { get; } = new("");

    public static HoconSource SourceForFile(string path, string text) =>
        new(path, Path.GetFullPath(path), text, new FileIncludeResolver(Path.GetDirectoryName(path) ?? ""));

    public HoconSource? Resolve(string name)
    {
        var path = DescribeLocation(name);
        if (!File.Exists(path) && !Path.HasExtension(path) && File.Exists(path + ".conf"))
        {
            path += ".conf";
        }

        return File.Exists(path) ? SourceForFile(path, File.ReadAllText(path)) : null;
    }

    // Path.Combine keeps a rooted include name as is.
    public string DescribeLocation(string name) => Path.Combine(baseDirectory, name);
}
