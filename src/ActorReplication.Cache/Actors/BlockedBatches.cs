using Akka.Actor;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// The connection's side of a blocking command. Once the keyspace says a batch blocked, the replies before the
/// blocking command are flushed, the client's timeout is armed on the actor system's scheduler (it tells the keyspace
/// <see cref="UnblockClient"/>; the keyspace decides, so a push and a timeout never both answer), the connection's
/// closing unblocks it too, and once the keyspace has finished with the block the rest of the batch runs, which may
/// block again. Nothing waits in an actor or holds a thread.
/// </summary>
public static class BlockedBatches
{
    /// <summary>Longer timeouts wait for ever (about 24.8 days; Redis's own limit is far beyond any client's patience).</summary>
    private const long LongestTimerMs = int.MaxValue;

    /// <summary>
    /// Continues <paramref name="batch"/> after its execution reported a block, until it completes unblocked or
    /// <paramref name="closed"/> fires. <paramref name="flush"/> sends the replies written so far.
    /// </summary>
    public static ValueTask WaitOutAsync(ExecuteBatch batch, IActorRef keyspace, IScheduler scheduler, Func<ValueTask> flush, CancellationToken closed) =>
        WaitOutAsync(batch, message =>
        {
            keyspace.Tell(message, ActorRefs.NoSender);
            return default;
        }, scheduler, flush, closed);

    /// <summary>As above, with <paramref name="tell"/> reaching the keyspace (the node's door, which waits while it is shut).</summary>
    public static async ValueTask WaitOutAsync(ExecuteBatch batch, Func<object, ValueTask> tell, IScheduler scheduler, Func<ValueTask> flush, CancellationToken closed)
    {
        bool blocked = true;
        while (blocked)
        {
            await flush().ConfigureAwait(false);
            await WaitUnblockedAsync(batch, tell, scheduler, closed).ConfigureAwait(false);
            if (closed.IsCancellationRequested || batch.Start >= batch.Requests.Count) return;
            var resumed = batch.PrepareResume();
            await tell(batch).ConfigureAwait(false);
            blocked = await resumed.ConfigureAwait(false);
        }
    }

    private static async ValueTask WaitUnblockedAsync(ExecuteBatch batch, Func<object, ValueTask> tell, IScheduler scheduler, CancellationToken closed)
    {
        var episode = batch.BlockEpisode;
        var timeoutMs = batch.BlockTimeoutMs;
        var timer = timeoutMs is > 0 and <= LongestTimerMs
            ? scheduler.Advanced.ScheduleOnceCancelable(TimeSpan.FromMilliseconds(timeoutMs), () => Forget(tell(new UnblockClient(batch, episode, UnblockReason.Timeout))))
            : null;
        using (closed.Register(() => Forget(tell(new UnblockClient(batch, episode, UnblockReason.Disconnected)))))
        {
            await batch.WhenUnblocked.ConfigureAwait(false);
        }
        timer?.Cancel();
    }

    // A tell from a timer or a cancellation callback: nobody awaits it (the door completes it once open).
    private static void Forget(ValueTask told)
    {
        if (!told.IsCompleted) _ = told.AsTask();
    }
}
