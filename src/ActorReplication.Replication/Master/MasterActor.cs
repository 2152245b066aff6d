using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Backlog;
using ActorReplication.Replication.Info;
using ActorReplication.Replication.Snapshot;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

/// <summary>
/// The source side of replication on a node (every node has one: a replica may serve sub-replicas). It is the
/// keyspace's feed sink, so it sees the replication stream and the keyspace's markers in one order; it owns the
/// replication ids and <c>master_repl_offset</c>, decides PSYNCs, and fans the stream out to its backlog and replica
/// sessions. Children: <c>backlog</c> (<see cref="BacklogActor"/>), <c>snapshot</c> (<see cref="SnapshotActor"/>),
/// and one <see cref="ReplicaSession"/> per attached replica.
/// <para>
/// Two modes: origin (this node's clients write; the backlog exists while replicas may come, as in Redis: created
/// with a new replid for the first replica, freed after repl-backlog-ttl without any) and chained (this node is a
/// replica: its stream is its master's, byte for byte, with its master's replid and offsets, and its backlog always
/// exists once it has synced).
/// </para>
/// </summary>
public sealed partial class MasterActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly IActorRef _keyspace;
    private readonly string _requirePass;
    private readonly ReplicationStatusBoard? _board;
    private ReplicationSettings _settings;
    private IActorRef _backlog = ActorRefs.Nobody;
    private IActorRef _snapshot = ActorRefs.Nobody;
    private ICancelable? _cron;
    private readonly List<byte[]> _fanOut = []; // batches of the stream not yet fanned out, from _fanOutOffset
    private long _fanOutOffset;
    private int _fanOutBytes;
    private bool _fanOutDue;

    private ReplicationIds _ids = ReplicationIds.Fresh();
    private long _offset;
    private bool _chained;
    private bool _backlogActive;
    private long _backlogSize;
    private long _histLen;

    private long _syncFull;
    private long _syncPartialOk;
    private long _syncPartialErr;

    /// <param name="keyspace">The node's keyspace actor (this actor becomes its feed sink when a backlog exists).</param>
    /// <param name="requirePass">The node's requirepass: a replica's masterauth must match it (empty: no check).</param>
    /// <param name="board">Where INFO and ROLE read this actor's figures without asking it (null: nowhere).</param>
    public MasterActor(IActorRef keyspace, ReplicationSettings settings, string requirePass = "", ReplicationStatusBoard? board = null)
    {
        _keyspace = keyspace;
        _settings = settings;
        _requirePass = requirePass;
        _board = board;
        _backlogSize = settings.BacklogSize;

        // First: whatever else arrives sees the stream fanned out up to now (offsets, backlog and sessions agree).
        Receive<object>(m =>
        {
            if (m is not KeyspaceReplication.Propagate) FanOut();
            return false;
        });
        Receive<KeyspaceReplication.Propagate>(HandlePropagate);
        Receive<FanOutDue>(_ =>
        {
            _fanOutDue = false;
            FanOut();
        });
        Receive<KeyspaceReplication.SnapshotWalkStarted>(HandleWalkStarted);

        Receive<Ping>(_ => Sender.Tell(Pong.Instance, Self));
        Receive<ReplConf>(HandleReplConf);
        Receive<Psync>(HandlePsync);
        Receive<LinkClosed>(HandleReplicaLinkClosed);
        Receive<StartPendingSnapshot>(_ => StartSnapshotIfDue(timerFired: true));
        Receive<SnapshotProtocol.Finished>(HandleSnapshotFinished);
        Receive<SnapshotProtocol.Saved>(HandleSaved);
        Receive<SnapshotProtocol.SaveFailed>(HandleSaveFailed);
        Receive<MasterProtocol.SaveSnapshot>(HandleSaveSnapshot);
        Receive<SessionProtocol.Status>(HandleSessionStatus);
        Receive<Terminated>(HandleTerminated);

        Receive<MasterProtocol.Demote>(_ => HandleDemote());
        Receive<MasterProtocol.GetHistory>(HandleGetHistory);
        Receive<MasterProtocol.Promote>(_ => HandlePromote());
        Receive<MasterProtocol.DatasetLoaded>(HandleDatasetLoaded);
        Receive<MasterProtocol.RestoredFromFile>(HandleRestoredFromFile);
        Receive<MasterProtocol.ReplIdChanged>(HandleReplIdChanged);
        Receive<BacklogTtlCheck>(HandleBacklogTtlCheck);
        Receive<MasterProtocol.SetBacklogSize>(HandleSetBacklogSize);
        Receive<MasterProtocol.SetDisklessSyncDelay>(m =>
        {
            _settings = _settings with { DisklessSyncDelay = m.Delay };
            StartSnapshotIfDue(timerFired: false);
        });
        Receive<MasterProtocol.SetMinReplicas>(HandleSetMinReplicas);
        Receive<MasterProtocol.KillReplicas>(m => DisconnectAll(ReplicaDropReason.Killed, m.Detail));

        Receive<MasterProtocol.GetReplicationInfo>(_ => Sender.Tell(BuildInfo(), Self));
        Receive<MasterProtocol.WaitForReplicas>(HandleWait);
        Receive<WaitTimeout>(HandleWaitTimeout);
        Receive<CronTick>(_ => HandleCron());
        RegisterFailover();
    }

    public static Props Props(IActorRef keyspace, ReplicationSettings settings, string requirePass = "", ReplicationStatusBoard? board = null) =>
        Akka.Actor.Props.Create(() => new MasterActor(keyspace, settings, requirePass, board));

    private long NowMs => Context.System.Scheduler.Now.ToUnixTimeMilliseconds();

    /// <summary>repl_backlog_first_byte_offset.</summary>
    private long FirstByteOffset => _offset - _histLen + 1;

    protected override void PreStart()
    {
        _backlog = Context.ActorOf(BacklogActor.Props(), "backlog");
        _snapshot = Context.ActorOf(SnapshotActor.Props(_keyspace, _settings.SnapshotChunkSize), "snapshot");
        _cron = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), Self, CronTick.Instance, Self);
        Publish();
    }

    /// <summary>Shows the current figures on the board (after anything INFO reports changed).</summary>
    private void Publish() => _board?.PublishMaster(BuildInfo());

    protected override void PostStop()
    {
        _cron?.Cancel();
        _ttlTimer?.Cancel();
        _snapshotTimer?.Cancel();
    }

    /// <summary>
    /// One batch of the stream: offsets advance only while a backlog exists (Redis feeds nothing without one). The bytes
    /// wait for <see cref="FanOut"/>, which this actor tells itself: the batches already in the mailbox by then (a loaded
    /// keyspace sends many per turn) go to the backlog and the sessions as one message, instead of one each per batch.
    /// </summary>
    private void HandlePropagate(KeyspaceReplication.Propagate propagate)
    {
        if (!_backlogActive) return;
        var bytes = propagate.Bytes;
        if (_fanOutBytes > 0 && _fanOutBytes + bytes.Length > StreamPieces.JoinBytes) FanOut();
        if (_fanOut.Count == 0) _fanOutOffset = _offset;
        _fanOut.Add(bytes);
        _fanOutBytes += bytes.Length;
        _offset += bytes.Length;
        _histLen = Math.Min(_backlogSize, _histLen + bytes.Length);
        if (_fanOutBytes >= StreamPieces.JoinBytes) FanOut();
        else if (!_fanOutDue)
        {
            _fanOutDue = true;
            Self.Tell(FanOutDue.Instance, Self);
        }
    }

    /// <summary>The waiting batches, joined (one array shared by the backlog and every session), to all of them.</summary>
    private void FanOut()
    {
        if (_fanOut.Count == 0) return;
        byte[] bytes;
        if (_fanOut.Count == 1)
        {
            bytes = _fanOut[0];
        }
        else
        {
            bytes = new byte[_fanOutBytes];
            var at = 0;
            foreach (var part in _fanOut)
            {
                part.CopyTo(bytes, at);
                at += part.Length;
            }
        }
        _fanOut.Clear();
        _fanOutBytes = 0;
        var data = new StreamData(_fanOutOffset, bytes);
        _backlog.Tell(new BacklogProtocol.Append(bytes), Self);
        foreach (var session in _sessions.Keys) session.Tell(data, Self);
        _board?.PublishMasterOffset(_offset, _histLen);
    }

    private sealed class FanOutDue : INoSerializationVerificationNeeded
    {
        public static readonly FanOutDue Instance = new();
    }

    private sealed record CronTick : INoSerializationVerificationNeeded
    {
        public static readonly CronTick Instance = new();
    }
}
