using Akka.Actor;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// The way clients' batches reach the node's keyspace actor. It is shut while the node replaces its ActorSystem (a
/// downed node rejoining): a batch then waits for the new keyspace actor instead of being told to one that is about
/// to stop, where it would be lost and its client would wait forever.
/// </summary>
public sealed class KeyspaceDoor
{
    private IActorRef _keyspace = ActorRefs.Nobody;
    private TaskCompletionSource? _shut = new(TaskCreationOptions.RunContinuationsAsynchronously); // shut until the first keyspace actor starts
    private int _telling;

    /// <summary>The keyspace actor of the current ActorSystem.</summary>
    public IActorRef Keyspace => Volatile.Read(ref _keyspace);

    /// <summary>Completes once the door is open (at once when it is).</summary>
    public Task WhenOpen => Volatile.Read(ref _shut)?.Task ?? Task.CompletedTask;

    /// <summary>Tells <paramref name="message"/> to the keyspace actor; false (nothing told) while the door is shut.</summary>
    public bool TryTell(object message)
    {
        // Counted before the check: Shut waits for every tell that saw the door open.
        Interlocked.Increment(ref _telling);
        try
        {
            if (Volatile.Read(ref _shut) is not null) return false;
            _keyspace.Tell(message, ActorRefs.NoSender);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _telling);
        }
    }

    /// <summary>Tells <paramref name="message"/> to the keyspace actor, waiting while the door is shut.</summary>
    public async ValueTask TellAsync(object message)
    {
        while (!TryTell(message)) await WhenOpen.ConfigureAwait(false);
    }

    /// <summary>Shuts the door; returns once no tell that saw it open is still under way.</summary>
    public void Shut()
    {
        Interlocked.CompareExchange(ref _shut, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
        var spin = new SpinWait();
        while (Volatile.Read(ref _telling) != 0) spin.SpinOnce();
    }

    /// <summary>Opens the door on <paramref name="keyspace"/>; the batches that waited are told to it.</summary>
    public void Open(IActorRef keyspace)
    {
        Volatile.Write(ref _keyspace, keyspace);
        Interlocked.Exchange(ref _shut, null)?.TrySetResult();
    }
}
