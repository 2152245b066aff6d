using System.Threading.Tasks.Sources;
using Akka.Actor;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// One read batch of one client, handed to the <see cref="KeyspaceActor"/> as a single message. The connection
/// owns and reuses it (no allocation per batch): it fills <see cref="Requests"/>, tells the actor, awaits
/// <see cref="Prepare"/>'s task, then flushes what the actor wrote to <see cref="Reply"/>. Never crosses the wire.
/// <para>
/// A blocking command that must wait (BLPOP on an empty key) ends the execution early: the task completes with true,
/// the client is parked in the keyspace, and <see cref="WhenUnblocked"/> completes once the keyspace has written its
/// reply (served, timed out, unblocked) or dropped it (disconnected). The connection then resumes the batch after that
/// command (<see cref="PrepareResume"/>). <see cref="BlockedBatches"/> runs that dance.
/// </para>
/// </summary>
public sealed class ExecuteBatch(RespRequestBatch requests, IClientState client, RespWriter reply)
    : IValueTaskSource<bool>, INoSerializationVerificationNeeded
{
    private ManualResetValueTaskSourceCore<bool> _done = new() { RunContinuationsAsynchronously = true };
    private readonly Unblocked _unblocked = new();

    public RespRequestBatch Requests { get; } = requests;

    public IClientState Client { get; } = client;

    /// <summary>Where replies go: the connection's output pipe, untouched by the connection until completion.</summary>
    public RespWriter Reply { get; } = reply;

    /// <summary>Whether a blocking command may park this client (a RESP connection); otherwise it answers at once.</summary>
    public bool CanBlock { get; init; }

    /// <summary>The request execution starts at: 0, or the one after the blocking command the batch stopped at.</summary>
    public int Start { get; private set; }

    /// <summary>Counts the times this batch blocked, so a stale timeout or unblock names an earlier block.</summary>
    public int BlockEpisode { get; private set; }

    /// <summary>The timeout of the current block in milliseconds (0: for ever).</summary>
    public long BlockTimeoutMs { get; private set; }

    /// <summary>Arms the completion before the batch is told to the actor; the task's result says the batch blocked.</summary>
    public ValueTask<bool> Prepare()
    {
        Start = 0;
        return PrepareResume();
    }

    /// <summary>As <see cref="Prepare"/>, but execution continues at <see cref="Start"/> (after an unblocked command).</summary>
    public ValueTask<bool> PrepareResume()
    {
        _done.Reset();
        return new ValueTask<bool>(this, _done.Version);
    }

    public void Complete() => _done.SetResult(false);

    public void Fail(Exception error) => _done.SetException(error);

    /// <summary>Completes when the keyspace has finished with the current block.</summary>
    public ValueTask WhenUnblocked => new(_unblocked, _unblocked.Version);

    /// <summary>The keyspace parked the client at request <paramref name="index"/>: the execution ends, blocked.</summary>
    internal void Block(int index, long timeoutMs)
    {
        BlockEpisode++;
        BlockTimeoutMs = timeoutMs;
        Start = index + 1;
        _unblocked.Reset(); // before the connection can see the block and await it
        _done.SetResult(true);
    }

    /// <summary>The keyspace is done with the block (its reply, if any, is written).</summary>
    internal void Unblock() => _unblocked.Complete();

    bool IValueTaskSource<bool>.GetResult(short token) => _done.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _done.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _done.OnCompleted(continuation, state, token, flags);

    private sealed class Unblocked : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

        public short Version => _core.Version;

        public void Reset() => _core.Reset();

        public void Complete() => _core.SetResult(true);

        void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
