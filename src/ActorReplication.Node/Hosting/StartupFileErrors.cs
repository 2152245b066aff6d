using ActorReplication.Cache.Keyspace;
using ActorReplication.Node.Tools;

namespace ActorReplication.Node.Hosting;

/// <summary>What a node that cannot start from its files says: the defect, its byte offset, and the tool to examine it with.</summary>
public static class StartupFileErrors
{
    public static string Describe(Exception error, string path) => error is SnapshotFormatException { Offset: >= 0 } format
        ? $"{format.Message}. The defect is at byte {format.Offset}; examine the file with: ActorReplication.Node {SnapshotCheck.CommandName} {path}"
        : error.Message;
}
