using ActorReplication.Replication.Replica;

namespace ActorReplication.Replication.Info;

/// <summary>
/// The node's replication figures, readable from any thread without asking an actor: the keyspace renders INFO and
/// ROLE from it inside its own turn, without waiting. The master actor publishes its <see cref="MasterReplicationInfo"/>
/// whenever something it reports changes (sessions, ids, backlog, acks, and once a second), and its offset after every
/// batch of the stream (two volatile writes); the slave actor publishes its link the same way. A link belongs to one
/// REPLICAOF (its generation): figures from a link that was replaced meanwhile are ignored, so INFO never shows a
/// master the node no longer follows.
/// </summary>
public sealed class ReplicationStatusBoard
{
    private readonly Lock _gate = new();
    private volatile MasterReplicationInfo _master;
    private long _masterOffset;
    private long _histLen;

    private long _generation;
    private volatile ReplicaLinkInfo? _link;
    private volatile MasterEndpoint? _endpoint;
    private long _linkOffset;

    private string _failoverState = FailoverStates.None;
    private long _failoverId;

    public ReplicationStatusBoard(long backlogSize)
    {
        _master = new MasterReplicationInfo([], ReplId.New(), ReplId.None, 0, -1, false, backlogSize, 0, 0, 0, 0, 0, 0, 0);
    }

    private long _emptyMasterRefusals;

    /// <summary>Full syncs this node refused from a master that restarted empty (master_sync_refused_empty_master).</summary>
    public long EmptyMasterRefusals => Interlocked.Read(ref _emptyMasterRefusals);

    public void CountEmptyMasterRefusal() => Interlocked.Increment(ref _emptyMasterRefusals);

    /// <summary>The REPLICAOF this node follows now (0: none since start).</summary>
    public long Generation => Volatile.Read(ref _generation);

    private long _epoch;

    /// <summary>
    /// The topology epoch this node stands for (0 without follow-the-cluster): a master's term, or on a replica the
    /// highest epoch it knows. A replica sends it in its handshake; a master refuses replicas that know a higher one.
    /// </summary>
    public long Epoch
    {
        get => Volatile.Read(ref _epoch);
        set => Volatile.Write(ref _epoch, value);
    }

    /// <summary>Whether the node currently follows a master (REPLICAOF host port), as far as the commands have said.</summary>
    public bool IsReplica => _link is not null;

    /// <summary>The master this node follows (REPLICAOF host port), or null.</summary>
    public MasterEndpoint? Endpoint => _endpoint;

    /// <summary>master_failover_state.</summary>
    public string FailoverState
    {
        get
        {
            lock (_gate) return _failoverState;
        }
    }

    /// <summary>FAILOVER, in the command's turn: false when one is in progress already; else its id and state waiting-for-sync.</summary>
    public bool TryBeginFailover(out long id)
    {
        lock (_gate)
        {
            id = 0;
            if (_failoverState != FailoverStates.None) return false;
            id = ++_failoverId;
            _failoverState = FailoverStates.WaitingForSync;
            return true;
        }
    }

    /// <summary>The failover moves on (failover-in-progress) or ends (no-failover); false when it is no longer the current one (aborted).</summary>
    public bool SetFailoverState(long id, string state)
    {
        lock (_gate)
        {
            if (id != _failoverId || _failoverState == FailoverStates.None) return false;
            _failoverState = state;
            return true;
        }
    }

    /// <summary>FAILOVER ABORT: ends the current failover at once; false when there is none.</summary>
    public bool AbortFailover()
    {
        lock (_gate)
        {
            if (_failoverState == FailoverStates.None) return false;
            _failoverState = FailoverStates.None;
            return true;
        }
    }

    public void PublishMaster(MasterReplicationInfo info)
    {
        _master = info;
        Volatile.Write(ref _masterOffset, info.MasterReplOffset);
        Volatile.Write(ref _histLen, info.BacklogHistLen);
    }

    /// <summary>The hot path: the stream advanced (master_repl_offset, repl_backlog_histlen).</summary>
    public void PublishMasterOffset(long offset, long histLen)
    {
        Volatile.Write(ref _masterOffset, offset);
        Volatile.Write(ref _histLen, histLen);
    }

    /// <summary>REPLICAOF host port: from now on INFO shows a replica whose link is down, until its slave actor reports.</summary>
    public long BeginLink(MasterEndpoint endpoint, ReplicationSettings settings)
    {
        lock (_gate)
        {
            var generation = ++_generation;
            _endpoint = endpoint;
            _link = new ReplicaLinkInfo(endpoint.Host, endpoint.Port, "connect", false, -1, false, 0, -1,
                Volatile.Read(ref _linkOffset), Volatile.Read(ref _linkOffset), settings.ReplicaPriority, settings.ReplicaReadOnly, 0);
            return generation;
        }
    }

    /// <summary>REPLICAOF NO ONE: the node is a master again. Returns the new generation (no link has it).</summary>
    public long EndLink()
    {
        lock (_gate)
        {
            _link = null;
            _endpoint = null;
            return ++_generation;
        }
    }

    public void PublishLink(long generation, ReplicaLinkInfo info)
    {
        lock (_gate)
        {
            if (generation != _generation || _link is null) return;
            _link = info;
            Volatile.Write(ref _linkOffset, info.SlaveReadReplOffset);
        }
    }

    /// <summary>The hot path on a replica: bytes of the stream received (slave_read_repl_offset).</summary>
    public void PublishLinkOffset(long generation, long offset)
    {
        if (generation == Volatile.Read(ref _generation)) Volatile.Write(ref _linkOffset, offset);
    }

    /// <summary>
    /// A consistent-enough view for one INFO or ROLE. On a replica with its link up, <c>slave_repl_offset</c> is what the
    /// keyspace has applied (the local master actor's offset, which the applied stream advances) and
    /// <c>slave_read_repl_offset</c> what has arrived. With the link down both read as Redis's cached master does: the
    /// history this node will PSYNC with, i.e. what it has applied (on a master just demoted by FAILOVER or REPLICAOF,
    /// its own offset, not 0).
    /// </summary>
    public ReplicationInfo Snapshot()
    {
        var offset = Volatile.Read(ref _masterOffset);
        var histLen = Volatile.Read(ref _histLen);
        var m = _master;
        m = m with
        {
            MasterReplOffset = offset,
            BacklogHistLen = m.BacklogActive ? histLen : 0,
            BacklogFirstByteOffset = m.BacklogActive ? offset - histLen + 1 : 0,
        };
        var link = _link;
        if (link is not null)
        {
            var read = Volatile.Read(ref _linkOffset);
            link = link with
            {
                SlaveReadReplOffset = link.LinkUp ? read : Math.Max(read, offset),
                SlaveReplOffset = link.LinkUp ? Math.Min(read, offset) : offset,
            };
        }
        return new ReplicationInfo(m, link, FailoverState, EmptyMasterRefusals);
    }
}
