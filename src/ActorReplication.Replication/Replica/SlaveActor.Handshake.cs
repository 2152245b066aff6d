using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Master;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Replica;

public sealed partial class SlaveActor
{
    /// <summary>Before the first attempt: wait for this node's own history from its master actor.</summary>
    private void Starting()
    {
        Common();
        Receive<MasterProtocol.History>(HandleHistory);
    }

    /// <summary>
    /// A former master continues its own history (Redis replicationCacheMasterUsingMyself), so it can resume
    /// partially with the replica that was promoted in its place; a node without history asks for a full sync.
    /// </summary>
    private void HandleHistory(MasterProtocol.History history)
    {
        if (history.HasHistory)
        {
            _replId = history.ReplId;
            _replOffset = history.Offset;
        }
        _log.Info("Following master {Host}:{Port} (history: {ReplId} at {Offset})", _endpoint.Host, _endpoint.Port, _replId ?? "none", _replOffset);
        Connect();
    }

    private sealed record Located(long Attempt, IActorRef Master) : INoSerializationVerificationNeeded;

    private sealed record LocateFailed(long Attempt, string Reason) : INoSerializationVerificationNeeded;

    /// <summary>Connecting: open a link to the master (with a locator: a new connection each attempt), then is it there? (PING)</summary>
    private void Connect()
    {
        _link = null;
        _lastIoMs = -1;
        if (_locator is null)
        {
            SendPing();
            return;
        }
        EnterPhase("connecting", Locating);
        var (self, attempt) = (Self, _attempt);
        var timeout = new CancellationTokenSource(_settings.Timeout);
        _locator.LocateAsync(_endpoint, timeout.Token)
            .PipeTo(self, self, m => new Located(attempt, m), ex => new LocateFailed(attempt, ex.Message))
            .ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
    }

    private void Locating()
    {
        Common();
        Receive<Located>(m => m.Attempt == _attempt, m =>
        {
            _master = m.Master;
            SendPing();
        });
        Receive<LocateFailed>(m => m.Attempt == _attempt, m => LinkDown($"Error condition on socket for SYNC: {m.Reason}"));
        ReceiveAny(_ => { });
    }

    private void SendPing()
    {
        EnterPhase("connecting", Connecting);
        _master.Tell(ReplicationProtocol.Ping.Instance, Self);
    }

    private void Connecting()
    {
        Linked();
        Receive<Pong>(_ =>
        {
            Heard();
            EnterPhase("handshake", Handshaking);
            _master.Tell(new ReplConf(_identity.ReplicaId, _identity.Ip, _identity.Port, ["eof", "psync2"], _settings.MasterAuth, _board?.Epoch ?? 0, _settings.ReplicaPriority), Self);
        });
        ReceiveAny(_ => { });
    }

    /// <summary>Handshaking: REPLCONF (who we are, masterauth).</summary>
    private void Handshaking()
    {
        Linked();
        Receive<ReplConfOk>(_ =>
        {
            Heard();
            EnterPhase("sync", AwaitingPsyncReply);
            var psync = _replId is null
                ? Psync.Full(_identity.ReplicaId)
                : new Psync(_replId, _replOffset + 1, _identity.ReplicaId);
            _log.Info("PSYNC {ReplId} {Offset}", psync.ReplId, psync.Offset);
            _master.Tell(psync, Self);
        });
        Receive<ReplConfError>(m => LinkDown("the master refused the handshake: " + m.Message));
        ReceiveAny(_ => { });
    }

    /// <summary>AwaitingPsyncReply: +FULLRESYNC or +CONTINUE, from the session the master attached to us.</summary>
    private void AwaitingPsyncReply()
    {
        Linked();
        Receive<FullResync>(HandleFullResync);
        Receive<Continue>(HandleContinue);
        Receive<ReplConfError>(m => LinkDown("the master refused PSYNC: " + m.Message));
        Receive<StreamData>(_ => { });
        ReceiveAny(_ => { });
    }

    private void AttachLink()
    {
        Heard();
        _link = Sender;
        Context.Watch(_link);
    }

    private void HandleFullResync(FullResync full)
    {
        AttachLink();
        _log.Info("Full resync from master: replid {ReplId} offset {Offset}", full.ReplId, full.Offset);
        _pendingFull = full;
        _nextChunk = 0;
        _loader = new SnapshotLoader(new KeyspaceEngine(new KeyspaceSettings { Databases = _databases, IsReplica = true }, _clock));
        ArmEmptyMasterGuard(full);
        EnterPhase("sync", Transferring);
        _link!.Tell(new Credit(_settings.SnapshotCreditWindow), Self);
    }

    /// <summary>
    /// +CONTINUE: the stream resumes where we are. A different replid means our master was promoted (or is a promoted
    /// sibling): ours shifts the same way, at this offset, through the keyspace so the local master actor agrees.
    /// </summary>
    private void HandleContinue(Continue cont)
    {
        AttachLink();
        if (cont.ReplId != _replId)
        {
            _log.Info("Master replication id changed from {Old} to {New} at offset {Offset}", _replId, cont.ReplId, _replOffset);
            _keyspace.Tell(new KeyspaceReplication.Relay(new MasterProtocol.ReplIdChanged(cont.ReplId), _generation), Self);
            _replId = cont.ReplId;
        }
        _log.Info("Partial resync with master: replid {ReplId} from offset {Offset}", cont.ReplId, _replOffset + 1);
        GoOnline(fullResync: false, keys: 0);
    }
}
