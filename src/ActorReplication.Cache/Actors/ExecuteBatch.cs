using System.Threading.Tasks.Sources;
using Akka.Actor;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// One read batch of one client, handed to the <see cref="KeyspaceActor"/> as a single message. The connection
/// owns and reuses it (no allocation per batch): it fills <see cref="Requests"/>, tells the actor, awaits
/// <see cref="WhenExecuted"/>, then flushes what the actor wrote to <see cref="Reply"/>. Never crosses the wire.
/// </summary>
public sealed class ExecuteBatch(RespRequestBatch requests, IClientState client, RespWriter reply)
    : IValueTaskSource, INoSerializationVerificationNeeded
{
    private ManualResetValueTaskSourceCore<bool> _done = new() { RunContinuationsAsynchronously = true };

    public RespRequestBatch Requests { get; } = requests;

    public IClientState Client { get; } = client;

    /// <summary>Where replies go: the connection's output pipe, untouched by the connection until completion.</summary>
    public RespWriter Reply { get; } = reply;

    /// <summary>Arms the completion before the batch is told to the actor.</summary>
    public ValueTask Prepare()
    {
        _done.Reset();
        return new ValueTask(this, _done.Version);
    }

    public void Complete() => _done.SetResult(true);

    public void Fail(Exception error) => _done.SetException(error);

    void IValueTaskSource.GetResult(short token) => _done.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _done.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _done.OnCompleted(continuation, state, token, flags);
}
