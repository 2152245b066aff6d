using Akka.Actor;
using Akka.Event;
using static ActorReplication.Replication.Snapshot.SnapshotProtocol;

namespace ActorReplication.Replication.Snapshot;

/// <summary>
/// A snapshot subscriber that writes the chunks to <c>path</c>: into a temporary file beside it, renamed over the
/// target once complete (a crash never leaves a half-written snapshot under the real name). Writes are asynchronous,
/// one at a time; it asks for the next chunks as writes finish, so a slow disk paces its own snapshot only.
/// </summary>
public sealed class SnapshotFileWriter : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private const int Window = 4;
    private readonly long _id;
    private readonly string _path;
    private readonly string _tempPath;
    private readonly IActorRef _notify;
    private readonly Queue<byte[]> _queue = new();
    private FileStream? _file;
    private bool _writing;
    private bool _complete;
    private long _bytes;

    private sealed record Written : INoSerializationVerificationNeeded;

    public SnapshotFileWriter(long id, string path, IActorRef notify)
    {
        _id = id;
        _path = Path.GetFullPath(path);
        _tempPath = Path.Combine(Path.GetDirectoryName(_path) ?? ".", $"temp-{Environment.ProcessId}-{id}.ardb");
        _notify = notify;
        Receive<ReplicationProtocol.SnapshotChunk>(chunk =>
        {
            _queue.Enqueue(chunk.Bytes);
            WriteNext();
        });
        Receive<Written>(_ =>
        {
            _writing = false;
            Sender.Tell(new Demand(_id, 1), Self);
            WriteNext();
        });
        Receive<WalkComplete>(_ => { });
        Receive<Complete>(_ =>
        {
            _complete = true;
            WriteNext();
        });
        Receive<Failed>(m => Abandon(m.Reason));
        Receive<Status.Failure>(m => Abandon(m.Cause.Message));
    }

    public static Props Props(long id, string path, IActorRef notify) =>
        Akka.Actor.Props.Create(() => new SnapshotFileWriter(id, path, notify));

    protected override void PreStart()
    {
        try
        {
            _file = new FileStream(_tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A missing or read-only directory: the requester must hear of it (a failed start would leave it waiting).
            Abandon(ex.Message);
            return;
        }
        Context.Parent.Tell(new Demand(_id, Window), Self);
    }

    protected override void PostStop()
    {
        if (_file is null) return;
        _file.Dispose();
        File.Delete(_tempPath);
    }

    private void WriteNext()
    {
        if (_writing || _file is null) return;
        if (_queue.TryDequeue(out var bytes))
        {
            _writing = true;
            _bytes += bytes.Length;
            var snapshotActor = Context.Parent;
            _file.WriteAsync(bytes).AsTask().PipeTo(Self, snapshotActor, success: () => new Written());
            return;
        }
        if (!_complete) return;
        try
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            _file = null;
            File.Move(_tempPath, _path, overwrite: true);
            _log.Info("Snapshot {Id} saved to {Path} ({Bytes} bytes)", _id, _path, _bytes);
            _notify.Tell(new Saved(_path, _bytes), Self);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Abandon(ex.Message);
            return;
        }
        Context.Stop(Self);
    }

    private void Abandon(string reason)
    {
        _log.Error("Snapshot {Id} not saved to {Path}: {Reason}", _id, _path, reason);
        _notify.Tell(new SaveFailed(_path, reason), Self);
        Context.Stop(Self);
    }
}
