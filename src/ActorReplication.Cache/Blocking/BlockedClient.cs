using ActorReplication.Cache.Actors;

namespace ActorReplication.Cache.Blocking;

/// <summary>
/// One client parked on its keys: the batch it blocked in (its reply writer and its completion), which block of that
/// batch this is (a reused batch blocks many times; a late timeout of an earlier block must not end a later one), the
/// database it blocked in, and its place in each key's queue.
/// </summary>
public sealed class BlockedClient
{
    internal BlockedClient(ExecuteBatch batch, int episode, int db, BlockRequest request)
    {
        Batch = batch;
        Episode = episode;
        Db = db;
        Request = request;
        Places = new LinkedListNode<BlockedClient>[request.Keys.Length];
    }

    public ExecuteBatch Batch { get; }

    public int Episode { get; }

    public int Db { get; }

    public BlockRequest Request { get; }

    /// <summary>This client's node in the queue of each of <see cref="BlockRequest.Keys"/> (same order).</summary>
    internal LinkedListNode<BlockedClient>[] Places { get; }
}
