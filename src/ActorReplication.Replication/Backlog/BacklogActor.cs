using Akka.Actor;
using ActorReplication.Replication.Master;
using static ActorReplication.Replication.Backlog.BacklogProtocol;

namespace ActorReplication.Replication.Backlog;

/// <summary>
/// Owns the node's <see cref="ReplicationBacklog"/>: appends the stream its master actor feeds it (in stream order),
/// answers "can you serve PSYNC replid offset?" and reads ranges for partial resynchronizations. The master actor
/// decides when it exists (created for the first replica, freed after repl-backlog-ttl without replicas), because it
/// alone knows the replicas; every message comes from it in stream order, so a read reflects exactly the appends
/// before it.
/// </summary>
public sealed class BacklogActor : ReceiveActor
{
    private ReplicationBacklog? _backlog;
    private ReplicationIds _ids = ReplicationIds.Fresh();

    public BacklogActor()
    {
        Receive<Create>(m =>
        {
            _backlog = new ReplicationBacklog(m.Size, m.MasterReplOffset);
            _ids = m.Ids;
        });
        Receive<Free>(_ => _backlog = null);
        Receive<Resize>(m => _backlog?.Resize(m.Size));
        Receive<Append>(m => _backlog?.Append(m.Bytes));
        Receive<SetIds>(m => _ids = m.Ids);
        Receive<CanServe>(m => Sender.Tell(
            PsyncDecision.Decide(m.ReplId, m.Offset, _ids, _backlog?.FirstByteOffset, _backlog?.HistLen ?? 0), Self));
        Receive<ReadFrom>(HandleReadFrom);
        Receive<GetInfo>(_ => Sender.Tell(_backlog is null
            ? new BacklogInfo(false, 0, 0, 0, 0)
            : new BacklogInfo(true, _backlog.Size, _backlog.FirstByteOffset, _backlog.HistLen, _backlog.Offset), Self));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new BacklogActor());

    private void HandleReadFrom(ReadFrom read)
    {
        if (_backlog is not null && _backlog.TryReadFrom(read.Offset, out var bytes))
            read.ReplyTo.Tell(new BacklogProtocol.Range(read.Offset, bytes), Self);
        else
            read.ReplyTo.Tell(new RangeUnavailable(read.Offset, _backlog?.FirstByteOffset ?? 0, _backlog?.HistLen ?? 0), Self);
    }
}
