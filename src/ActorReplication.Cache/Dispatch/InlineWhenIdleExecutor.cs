using Akka.Actor.Internal;
using Akka.Dispatch;

namespace ActorReplication.Cache.Dispatch;

/// <summary>
/// The executor of the keyspace's dispatcher (decision 0003 on Akka.NET). Akka hands an executor a mailbox only when
/// the mailbox goes from idle to scheduled, so running it right here, on the thread that told the actor, is exactly
/// "run the turn inline when the keyspace is idle": a RESP connection's batch is parsed, executed and answered in one
/// thread's turn, with no thread-pool hop. Ordering and one-turn-at-a-time stay Akka's (the mailbox's status flag).
/// <para>
/// Two cases go to the thread pool instead: a tell from inside an actor's turn (turns never nest, and an actor is
/// never held up by another one's work), and anything scheduled while this thread already runs an inline turn (the
/// mailbox rescheduling itself after <c>throughput</c> messages must not keep the caller's thread forever).
/// </para>
/// <para>
/// Relies on <see cref="InternalCurrentActorCellKeeper"/>, which Akka.NET marks INTERNAL API: the Akka version is
/// pinned in Directory.Packages.props and <c>InlineWhenIdleExecutorSpec</c> pins the behaviour.
/// </para>
/// </summary>
public sealed class InlineWhenIdleExecutor(string id) : ExecutorService(id)
{
    [ThreadStatic] private static bool t_runningInline;

    /// <summary>Whether the calling thread may run a turn here: not an actor's turn, not already an inline turn.</summary>
    public static bool CanRunInline => !t_runningInline && InternalCurrentActorCellKeeper.Current is null;

    public override void Execute(IRunnable run)
    {
        if (!CanRunInline)
        {
            ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
            return;
        }
        t_runningInline = true;
        try
        {
            run.Run();
        }
        finally
        {
            t_runningInline = false;
        }
    }

    public override void Shutdown()
    {
        // Nothing to release: inline turns run on their callers' threads, the rest on the shared thread pool.
    }
}
