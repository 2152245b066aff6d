using ActorReplication.Resp;

namespace ActorReplication.Cache.Transactions;

/// <summary>A client's MULTI state: the commands queued so far (owned copies) and whether EXEC must abort.</summary>
public sealed class QueuedTransaction
{
    private readonly List<RespCommand> _commands = [];

    public IReadOnlyList<RespCommand> Commands => _commands;

    /// <summary>A command failed to queue (unknown, wrong arity, refused): EXEC answers EXECABORT.</summary>
    public bool Aborted { get; internal set; }

    /// <summary>A queued command may write: EXEC is then a write (read-only replica, paused writes, min-replicas).</summary>
    public bool HasWrites { get; private set; }

    /// <summary>A queued command may grow memory: EXEC is refused while over maxmemory.</summary>
    public bool HasDenyOom { get; private set; }

    internal void Queue(in RespCommand command, bool isWrite, bool isDenyOom)
    {
        _commands.Add(command.ToOwned());
        HasWrites |= isWrite;
        HasDenyOom |= isDenyOom;
    }
}
