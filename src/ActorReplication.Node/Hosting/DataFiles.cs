namespace ActorReplication.Node.Hosting;

/// <summary>
/// Where this node's files live: <c>server.dir</c> (created at start when missing) and the file names in it. An empty
/// <c>server.dbfilename</c> (the default) becomes <c>dump-&lt;port&gt;.arsnap</c> with the RESP port actually bound, so
/// two nodes started in one directory never share (and overwrite, or load) each other's file.
/// </summary>
public sealed class DataFiles(NodeSettings settings, Func<int> boundPort)
{
    /// <summary>The data directory, absolute (relative settings are taken from the process's working directory, as Redis's dir).</summary>
    public string Directory => Path.GetFullPath(settings.Dir);

    /// <summary>The snapshot file's name in <see cref="Directory"/>, as CONFIG GET dbfilename shows it.</summary>
    public string SnapshotFileName => settings.DbFilename.Length > 0 ? settings.DbFilename : DefaultSnapshotFileName(boundPort());

    public string SnapshotPath => Path.Combine(Directory, SnapshotFileName);

    public static string DefaultSnapshotFileName(int port) => $"dump-{port}.arsnap";

    /// <summary>Creates the data directory when missing; false (with the reason) when it cannot.</summary>
    public bool TryCreateDirectory(out string? error)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"Can't create the data directory '{Directory}' (server.dir): {ex.Message}";
            return false;
        }
    }
}
