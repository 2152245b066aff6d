using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Node.Tools;

/// <summary>
/// <c>check-snapshot FILE</c>, in the spirit of redis-check-rdb: reads the whole file as a node would at start
/// (every record, the key count and the CRC-64 of the end marker), prints what it found with byte offsets and the keys
/// by type, and exits 0 when the file would load, 1 with the defect and its offset when not.
/// </summary>
public static class SnapshotCheck
{
    public const string CommandName = "check-snapshot";

    public static int Run(string path, TextWriter output)
    {
        output.WriteLine($"[offset 0] Checking snapshot file {path}");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"Cannot open the snapshot file: {ex.Message}");
            return 1;
        }
        using (file)
        {
            SnapshotLoader? loader = null;
            try
            {
                // The records are checked against the header's database count: read the header first.
                var databases = ReadHeader(file).Databases;
                file.Position = 0;
                loader = new SnapshotLoader(new KeyspaceEngine(new KeyspaceSettings { Databases = databases }, SystemClock.Instance));
                var buffer = new byte[1 << 16];
                int read;
                while ((read = file.Read(buffer)) > 0) loader.Feed(buffer.AsSpan(0, read));
                var header = loader.Complete();
                output.WriteLine($"[offset {SnapshotFormat.HeaderPrefixLength}] Header: format version {SnapshotFormat.Version}, replid {header.ReplId}, offset {header.Offset}, {header.Databases} databases");
                output.WriteLine($"[offset {loader.BytesReceived}] Checksum OK, key count OK ({loader.Records} records)");
                output.WriteLine($"[info] {loader.KeysLoaded} keys read: {KeysByType(loader)}");
                output.WriteLine($"[info] {loader.BytesReceived} bytes");
                output.WriteLine(@"\o/ snapshot looks OK! \o/");
                return 0;
            }
            catch (SnapshotFormatException ex)
            {
                output.WriteLine("--- SNAPSHOT ERROR DETECTED ---");
                output.WriteLine($"[offset {ex.Offset}] {ex.Message}");
                if (loader is not null) output.WriteLine($"[info] {loader.KeysLoaded} keys read before the error: {KeysByType(loader)}");
                output.WriteLine("[info] the node refuses to start from this file; move it away (the node then starts empty) or replace it");
                return 1;
            }
            catch (IOException ex)
            {
                output.WriteLine($"Cannot read the snapshot file: {ex.Message}");
                return 1;
            }
        }
    }

    private static SnapshotHeader ReadHeader(FileStream file)
    {
        var probe = new SnapshotLoader(new KeyspaceEngine(new KeyspaceSettings { Databases = 1 }, SystemClock.Instance));
        var buffer = new byte[SnapshotFormat.HeaderPrefixLength + 4096];
        var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        try
        {
            probe.Feed(buffer.AsSpan(0, read));
        }
        catch (SnapshotFormatException) when (probe.Header is not null)
        {
            // A defect after the header: the full pass reports it with its offset.
        }
        return probe.Header ?? probe.Complete(); // Complete throws: truncated inside the header
    }

    private static string KeysByType(SnapshotLoader loader) =>
        $"{loader.KeysOfType(SnapshotRecordType.String)} strings, {loader.KeysOfType(SnapshotRecordType.List)} lists, " +
        $"{loader.KeysOfType(SnapshotRecordType.Set)} sets, {loader.KeysOfType(SnapshotRecordType.Hash)} hashes, " +
        $"{loader.KeysOfType(SnapshotRecordType.SortedSet)} sorted sets";
}
