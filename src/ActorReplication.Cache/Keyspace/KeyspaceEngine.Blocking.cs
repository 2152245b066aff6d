using ActorReplication.Cache.Blocking;
using ActorReplication.Cache.Commands;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Blocking commands: the engine never waits. A blocking command that finds nothing to pop leaves a
/// <see cref="BlockRequest"/> for its caller (<see cref="ExecuteBlocking"/>), who parks the client in
/// <see cref="Blocked"/>; a list or sorted set created on a waited key marks the key ready there, and the caller
/// serves its waiters (<see cref="ServeBlocked"/>) right after the command that created it, as Redis does.
/// </summary>
public sealed partial class KeyspaceEngine
{
    private BlockedKeys? _blocked;
    private BlockRequest? _blockRequest;

    /// <summary>The clients parked on keys, and the keys ready to serve them.</summary>
    public BlockedKeys Blocked => _blocked ??= new BlockedKeys(_dbs.Length);

    /// <summary>True while <see cref="ExecuteBlocking"/> runs a command whose client may be parked.</summary>
    internal bool MayBlock { get; private set; }

    /// <summary>A blocking command found nothing: its client is to wait for <paramref name="request"/>.</summary>
    internal void RequestBlock(BlockRequest request) => _blockRequest = request;

    /// <summary>
    /// Executes a blocking command for a client that may wait. Returns what it waits for, or null when the command
    /// replied (data found, or an error); then nothing was written to <paramref name="reply"/> for it.
    /// </summary>
    public BlockRequest? ExecuteBlocking(CommandDefinition def, ClientSession session, in RespCommand cmd, RespWriter reply, RespWriter? effects)
    {
        _blockRequest = null;
        MayBlock = true;
        try
        {
            Execute(def, session, cmd, reply, effects);
        }
        finally
        {
            MayBlock = false;
        }

        BlockRequest? request = _blockRequest;
        _blockRequest = null;
        return request;
    }

    /// <summary>How serving a blocked client from a ready key went.</summary>
    public enum ServeOutcome
    {
        /// <summary>Nothing for this client here (the key is gone or holds the other kind of value): it waits on.</summary>
        NotServed,

        /// <summary>Its reply is written: it is no longer blocked.</summary>
        Served,

        /// <summary>Its error is written (BLMOVE to a destination of another type): it is no longer blocked.</summary>
        Failed,
    }

    /// <summary>
    /// Serves <paramref name="client"/> from <paramref name="key"/> of its database if the key holds what it waits for:
    /// the reply goes to the client's batch, the effect (the non-blocking equivalent) to <paramref name="effects"/>.
    /// </summary>
    public ServeOutcome ServeBlocked(BlockedClient client, byte[] key, RespWriter? effects)
    {
        Tick();
        Session = client.Batch.Client.Session;
        Effects = effects;
        _commandIsWrite = true;
        var outcome = ServeOutcome.NotServed;
        try
        {
            Database db = _dbs[client.Db];
            int slot = Lookup(db, key);
            if (slot < 0) return ServeOutcome.NotServed;
            BlockRequest request = client.Request;
            object value = db.EntryAt(slot).Value;
            bool wantsList = request.Kind is BlockKind.ListPop or BlockKind.ListMultiPop or BlockKind.ListMove;
            if (wantsList ? value is not ListValue : value is not SortedSetValue) return ServeOutcome.NotServed;
            RespWriter reply = client.Batch.Reply;
            reply.Protocol = client.Batch.Client.Protocol;
            switch (request.Kind)
            {
                case BlockKind.ListPop:
                    BlockingPops.PopList(this, db, slot, key, request.FromLeft, 0, reply);
                    break;
                case BlockKind.ListMultiPop:
                    BlockingPops.PopList(this, db, slot, key, request.FromLeft, request.Count, reply);
                    break;
                case BlockKind.ListMove:
                    // Served moves spell the ends in lower case in their LMOVE effect, as Redis 7.0 does.
                    var move = new ListMove(request.Destination, request.FromLeft, request.ToLeft, request.IsRPopLPush);
                    if (!BlockingPops.MoveList(this, db, key, move, reply, End(request.FromLeft), End(request.ToLeft))) return outcome = ServeOutcome.Failed;
                    break;
                case BlockKind.SortedSetPop:
                    BlockingPops.PopSortedSet(this, db, slot, key, request.FromLeft, 0, reply);
                    break;
                default:
                    BlockingPops.PopSortedSet(this, db, slot, key, request.FromLeft, request.Count, reply);
                    break;
            }

            return outcome = ServeOutcome.Served;
        }
        finally
        {
            Effects = null;
            _commandIsWrite = false;
            // A served pop or move is a write like any other: it breaks the WATCH of the keys it changed, at once.
            _watched.Flush(commandChangedData: outcome == ServeOutcome.Served);
        }
    }

    private static ReadOnlySpan<byte> End(bool left) => left ? "left"u8 : "right"u8;

    /// <summary>SWAPDB: every waited key of the database may now hold data (serving checks what it holds).</summary>
    internal void SignalWaitedKeys(int db) => _blocked?.SignalAllKeys(db);

        /// <summary>Called for every key created: a list or sorted set on a waited key makes the key ready.</summary>
    private void SignalIfWaited(Database db, ReadOnlySpan<byte> key, object value)
    {
        if (_blocked is { IsEmpty: false } blocked && value is ListValue or SortedSetValue) blocked.SignalKeyReady(db.Id, key);
    }
}
