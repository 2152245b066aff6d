using Akka.Actor;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Snapshot;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// SAVE / BGSAVE / SHUTDOWN SAVE / LASTSAVE: one snapshot of the keyspace to <c>&lt;dir&gt;/&lt;dbfilename&gt;</c> at a
/// time, written by the master actor (<see cref="MasterProtocol.SaveSnapshot"/>: temp file, then renamed).
/// </summary>
public sealed class SnapshotSaves(NodeRuntime node)
{
    public const string InProgressError = "ERR Background save already in progress";

    // Bounded so a lost reply cannot leave a save "in progress" forever.
    private static readonly TimeSpan SaveTimeout = TimeSpan.FromMinutes(10);

    private int _inProgress;
    private bool _lastSaveOk = true;
    private long _lastSaveUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The snapshot file this node saves to and starts from.</summary>
    public string FilePath => node.Files.SnapshotPath;

    public bool InProgress => Volatile.Read(ref _inProgress) != 0;

    /// <summary>Whether the last save succeeded (true before any), as INFO rdb_last_bgsave_status.</summary>
    public bool LastSaveOk => Volatile.Read(ref _lastSaveOk);

    /// <summary>Unix time of the last successful save (the start time until one succeeds), as LASTSAVE.</summary>
    public long LastSaveUnix => Interlocked.Read(ref _lastSaveUnix);

    /// <summary>Starts a save; null when one is already running (the caller answers <see cref="InProgressError"/>).</summary>
    public Task<string?>? TryStart()
    {
        if (node.Replication is not { } replication) return Task.FromResult<string?>("ERR replication has not started: nothing to save with");
        if (Interlocked.Exchange(ref _inProgress, 1) != 0) return null;
        return RunAsync(replication.Manager);
    }

    // Null when written, else the error reply.
    private async Task<string?> RunAsync(IActorRef manager)
    {
        try
        {
            var reply = await manager.Ask<object>(replyTo => new MasterProtocol.SaveSnapshot(FilePath, replyTo), SaveTimeout, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _lastSaveOk, reply is not SnapshotProtocol.SaveFailed);
            if (reply is SnapshotProtocol.SaveFailed failed) return "ERR " + failed.Reason;
            Interlocked.Exchange(ref _lastSaveUnix, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            return null;
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _lastSaveOk, false);
            return "ERR " + ex.Message;
        }
        finally
        {
            Volatile.Write(ref _inProgress, 0);
        }
    }
}
