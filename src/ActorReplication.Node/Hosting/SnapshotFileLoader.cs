using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Start-up from the snapshot file (<c>&lt;dir&gt;/&lt;dbfilename&gt;</c>): reads it whole into a fresh keyspace before
/// the node serves. A defect throws <see cref="SnapshotFormatException"/> naming it and its byte offset: like Redis with
/// a bad RDB, the node then refuses to start rather than serve part of a dataset.
/// </summary>
public static class SnapshotFileLoader
{
    public sealed record Loaded(KeyspaceEngine Keyspace, SnapshotHeader Header, long Keys, long Bytes);

    public static Loaded Load(string path, Func<KeyspaceEngine> newKeyspace)
    {
        var loader = new SnapshotLoader(newKeyspace());
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = file.Read(buffer)) > 0) loader.Feed(buffer.AsSpan(0, read));
        var header = loader.Complete();
        return new Loaded(loader.Target, header, loader.KeysLoaded, loader.BytesReceived);
    }
}
