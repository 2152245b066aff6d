namespace ActorReplication.Actors;

public static class PipeToExtensions
{
    /// <summary>
    /// Sends the task's result to <paramref name="recipient"/> when it completes, or a <see cref="Status.Failure"/>
    /// with the exception. The way to bring async work back into an actor without blocking it.
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null) =>
        task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
                recipient.Tell(success is null ? t.Result! : success(t.Result), sender);
            else
                recipient.Tell(failure is null ? new Status.Failure(Unwrap(t.Exception)) : failure(Unwrap(t.Exception)), sender);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null) =>
        task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
                recipient.Tell(success is null ? new Status.Success(null) : success(), sender);
            else
                recipient.Tell(failure is null ? new Status.Failure(Unwrap(t.Exception)) : failure(Unwrap(t.Exception)), sender);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static Exception Unwrap(AggregateException? exception) =>
        exception is null ? new TaskCanceledException() : exception.InnerExceptions.Count == 1 ? exception.InnerExceptions[0] : exception;
}
