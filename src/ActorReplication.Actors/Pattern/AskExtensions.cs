namespace ActorReplication.Actors;

public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> and returns the first reply. Fails with <see cref="AskTimeoutException"/>
    /// when none arrives in time (default <c>actor.ask-timeout</c>), with the cause of a
    /// <see cref="Status.Failure"/> reply, or with <see cref="InvalidCastException"/> when the reply is not a T.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await Ask(target, message, timeout, cancellationToken).ConfigureAwait(false);
        return reply is T typed
            ? typed
            : throw new InvalidCastException($"Ask of {target} expected a reply of type {typeof(T).Name} but got {reply.GetType().Name}: {reply}");
    }

    public static Task<object> Ask(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask(target, _ => message, timeout, cancellationToken);

    /// <summary>As above, for protocols whose request names its reply-to: <paramref name="messageFactory"/> gets the temporary reply ref.</summary>
    public static Task<object> Ask(this IActorRef target, Func<IActorRef, object> messageFactory, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var system = (target as ISystemBound)?.System
            ?? throw new ArgumentException($"Cannot ask {target}: it belongs to no actor system", nameof(target));
        var promise = system.NewPromise();
        var message = messageFactory(promise);
        var limit = timeout ?? system.Settings.AskTimeout;
        var timer = new CancellationTokenSource(limit);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        var registration = linked.Token.Register(() => promise.Fail(cancellationToken.IsCancellationRequested
            ? new TaskCanceledException($"Ask of {target} was canceled")
            : new AskTimeoutException($"Ask timed out on {target} after {limit.TotalMilliseconds:0} ms. " +
                $"Message of type {message.GetType().Name}. The recipient did not reply in time.")));
        promise.Task.ContinueWith(static (_, state) =>
        {
            var (reg, l, t) = ((CancellationTokenRegistration, CancellationTokenSource, CancellationTokenSource))state!;
            reg.Dispose();
            l.Dispose();
            t.Dispose();
        }, (registration, linked, timer), TaskScheduler.Default);
        target.Tell(message, promise);
        return promise.Task;
    }
}
