using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Master;
using ActorReplication.Replication.Snapshot;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// SAVE / BGSAVE / SHUTDOWN SAVE / LASTSAVE and the save points: one snapshot of the keyspace to
/// <c>&lt;dir&gt;/&lt;dbfilename&gt;</c> at a time, written by the master actor (<see cref="MasterProtocol.SaveSnapshot"/>:
/// temp file, then renamed) without pausing the keyspace; the counters of INFO persistence; and, as Redis's
/// stop-writes-on-bgsave-error, writes refused with -MISCONF while save points are set and the last save failed.
/// </summary>
public sealed class SnapshotSaves
{
    public const string InProgressError = "ERR Background save already in progress";

    /// <summary>Redis 7.0's reply to a write while saving fails (stop-writes-on-bgsave-error).</summary>
    public const string MisconfError =
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

    // Bounded so a lost reply cannot leave a save "in progress" forever.
    private static readonly TimeSpan SaveTimeout = TimeSpan.FromMinutes(10);

    private readonly NodeRuntime _node;
    private readonly Lock _gate = new();
    private int _inProgress;
    private bool _lastSaveOk = true;
    private long _lastSaveUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private long _lastTryUnix;
    private long _dirtyAtLastSave;
    private long _saves;
    private long _lastSaveSeconds = -1;
    private long _startedMs;
    private volatile SaveRule[] _rules;
    private volatile bool _stopWritesOnError;
    private bool _writesDenied;

    public SnapshotSaves(NodeRuntime node)
    {
        _node = node;
        _rules = [.. node.Settings.Save];
        _stopWritesOnError = node.Settings.StopWritesOnBgsaveError;
    }

    /// <summary>The snapshot file this node saves to and starts from.</summary>
    public string FilePath => _node.Files.SnapshotPath;

    public bool InProgress => Volatile.Read(ref _inProgress) != 0;

    /// <summary>Whether the last save succeeded (true before any), as INFO rdb_last_bgsave_status.</summary>
    public bool LastSaveOk => Volatile.Read(ref _lastSaveOk);

    /// <summary>Unix time of the last successful save (the start time until one succeeds), as LASTSAVE.</summary>
    public long LastSaveUnix => Interlocked.Read(ref _lastSaveUnix);

    /// <summary>Unix time the last save started (0: none yet).</summary>
    public long LastTryUnix => Interlocked.Read(ref _lastTryUnix);

    /// <summary>rdb_changes_since_last_save: writes since the point of the last successful save.</summary>
    public long ChangesSinceLastSave => Math.Max(0, _node.Engine.Stats.Dirty - Interlocked.Read(ref _dirtyAtLastSave));

    /// <summary>rdb_saves: saves that succeeded since start.</summary>
    public long Saves => Interlocked.Read(ref _saves);

    /// <summary>rdb_last_bgsave_time_sec (-1 before any).</summary>
    public long LastSaveSeconds => Interlocked.Read(ref _lastSaveSeconds);

    /// <summary>rdb_current_bgsave_time_sec (-1 when none runs).</summary>
    public long CurrentSaveSeconds => InProgress ? (Environment.TickCount64 - Interlocked.Read(ref _startedMs)) / 1000 : -1;

    /// <summary>The save points (CONFIG SET save changes them).</summary>
    public SaveRule[] Rules
    {
        get => _rules;
        set
        {
            _rules = value;
            UpdateWriteDenial();
        }
    }

    /// <summary>stop-writes-on-bgsave-error.</summary>
    public bool StopWritesOnError
    {
        get => _stopWritesOnError;
        set
        {
            _stopWritesOnError = value;
            UpdateWriteDenial();
        }
    }

    /// <summary>Starts a save; null when one is already running (the caller answers <see cref="InProgressError"/>).</summary>
    public Task<string?>? TryStart()
    {
        if (_node.Replication is not { } replication) return Task.FromResult<string?>("ERR replication has not started: nothing to save with");
        if (Interlocked.Exchange(ref _inProgress, 1) != 0) return null;
        return RunAsync(replication.Manager);
    }

    // Null when written, else the error reply.
    private async Task<string?> RunAsync(IActorRef manager)
    {
        // Read before the snapshot point: writes in between are in the file but still count as unsaved (saved again later, never lost).
        var dirtyBefore = _node.Engine.Stats.Dirty;
        Interlocked.Exchange(ref _lastTryUnix, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Interlocked.Exchange(ref _startedMs, Environment.TickCount64);
        string? error;
        try
        {
            var reply = await manager.Ask<object>(replyTo => new MasterProtocol.SaveSnapshot(FilePath, replyTo), SaveTimeout, CancellationToken.None).ConfigureAwait(false);
            error = reply is SnapshotProtocol.SaveFailed failed ? "ERR " + failed.Reason : null;
        }
        catch (Exception ex)
        {
            error = "ERR " + ex.Message;
        }
        Interlocked.Exchange(ref _lastSaveSeconds, (Environment.TickCount64 - Interlocked.Read(ref _startedMs)) / 1000);
        Volatile.Write(ref _lastSaveOk, error is null);
        if (error is null)
        {
            Interlocked.Exchange(ref _dirtyAtLastSave, dirtyBefore);
            Interlocked.Exchange(ref _lastSaveUnix, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Interlocked.Increment(ref _saves);
        }
        UpdateWriteDenial();
        Volatile.Write(ref _inProgress, 0);
        return error;
    }

    /// <summary>Tells the keyspace when -MISCONF starts or stops applying to writes.</summary>
    private void UpdateWriteDenial()
    {
        lock (_gate)
        {
            var denied = _stopWritesOnError && _rules.Length > 0 && !LastSaveOk;
            if (denied == _writesDenied) return;
            _writesDenied = denied;
            _node.Keyspace.Tell(new KeyspaceReplication.SetWriteDenial(denied ? MisconfError : null), ActorRefs.NoSender);
        }
    }
}
