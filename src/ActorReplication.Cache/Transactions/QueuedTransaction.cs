using ActorReplication.Resp;

namespace ActorReplication.Cache.Transactions;

/// <summary>
/// A client's MULTI state: the commands queued so far, copied into one reusable batch (a client's next MULTI reuses it,
/// so queuing allocates nothing once warm), and whether EXEC must abort.
/// </summary>
public sealed class QueuedTransaction
{
    private readonly RespRequestBatch _commands = new(initialDataCapacity: 256, initialRequestCapacity: 8);

    public int Count => _commands.Count;

    /// <summary>Queued command <paramref name="index"/>: a view valid until the transaction ends.</summary>
    public RespCommand this[int index] => _commands[index];

    /// <summary>A command failed to queue (unknown, wrong arity, refused): EXEC answers EXECABORT.</summary>
    public bool Aborted { get; internal set; }

    /// <summary>A queued command may write: EXEC is then a write (read-only replica, paused writes, min-replicas).</summary>
    public bool HasWrites { get; private set; }

    /// <summary>A queued command may grow memory: EXEC is refused while over maxmemory.</summary>
    public bool HasDenyOom { get; private set; }

    internal void Queue(in RespCommand command, bool isWrite, bool isDenyOom)
    {
        _commands.Add(command);
        HasWrites |= isWrite;
        HasDenyOom |= isDenyOom;
    }

    internal void Reset()
    {
        _commands.Reset();
        Aborted = false;
        HasWrites = false;
        HasDenyOom = false;
    }
}
