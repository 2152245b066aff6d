using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Blocking;

/// <summary>
/// The registry of blocked clients: per database and key, the clients waiting on it in arrival order, and the keys
/// that became ready (created as a list or sorted set while someone waits on them) since they were last served, in
/// the order they became ready. Owned by the keyspace's single thread; the engine signals keys, the actor serves them.
/// </summary>
public sealed class BlockedKeys
{
    private readonly Dictionary<byte[], LinkedList<BlockedClient>>[] _waiting;
    private readonly Dictionary<ExecuteBatch, BlockedClient> _byBatch = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<(int Db, byte[] Key)> _ready = new();
    private readonly HashSet<byte[]>[] _readySet;

    public BlockedKeys(int databases)
    {
        _waiting = new Dictionary<byte[], LinkedList<BlockedClient>>[databases];
        _readySet = new HashSet<byte[]>[databases];
        for (int i = 0; i < databases; i++)
        {
            _waiting[i] = new Dictionary<byte[], LinkedList<BlockedClient>>(ByteArrayComparer.Instance);
            _readySet[i] = new HashSet<byte[]>(ByteArrayComparer.Instance);
        }
    }

    /// <summary>Clients blocked now (INFO clients' blocked_clients).</summary>
    public int Count => _byBatch.Count;

    /// <summary>Whether any key is waited on: the engine's only check on its hot path.</summary>
    public bool IsEmpty => _byBatch.Count == 0;

    public bool HasReadyKeys => _ready.Count > 0;

    public IEnumerable<BlockedClient> Clients => _byBatch.Values;

    /// <summary>Parks a client at the end of each of its keys' queues.</summary>
    public BlockedClient Add(ExecuteBatch batch, int episode, int db, BlockRequest request)
    {
        var client = new BlockedClient(batch, episode, db, request);
        for (int k = 0; k < request.Keys.Length; k++)
        {
            byte[] key = request.Keys[k];
            if (!_waiting[db].TryGetValue(key, out LinkedList<BlockedClient>? queue))
            {
                queue = new LinkedList<BlockedClient>();
                _waiting[db].Add(key, queue);
            }

            client.Places[k] = queue.AddLast(client);
        }

        _byBatch.Add(batch, client);
        return client;
    }

    /// <summary>The client blocked in <paramref name="batch"/>, if it is still blocked.</summary>
    public bool TryGet(ExecuteBatch batch, out BlockedClient client) => _byBatch.TryGetValue(batch, out client!);

    /// <summary>Takes a client out of every queue it waits in.</summary>
    public void Remove(BlockedClient client)
    {
        if (!_byBatch.Remove(client.Batch)) return;
        Dictionary<byte[], LinkedList<BlockedClient>> waiting = _waiting[client.Db];
        for (int k = 0; k < client.Places.Length; k++)
        {
            LinkedList<BlockedClient> queue = client.Places[k].List!;
            queue.Remove(client.Places[k]);
            if (queue.Count == 0) waiting.Remove(client.Request.Keys[k]);
        }
    }

    /// <summary>A key was created in <paramref name="db"/>: if anyone waits on it, it is served after this command.</summary>
    public void SignalKeyReady(int db, ReadOnlySpan<byte> key)
    {
        Dictionary<byte[], LinkedList<BlockedClient>> waiting = _waiting[db];
        if (!waiting.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out _, out _)) return;
        byte[] owned = key.ToArray();
        if (_readySet[db].Add(owned)) _ready.Enqueue((db, owned));
    }

    /// <summary>Every key waited on in <paramref name="db"/> becomes ready (SWAPDB brought other data under them).</summary>
    public void SignalAllKeys(int db)
    {
        foreach (byte[] key in _waiting[db].Keys)
        {
            if (_readySet[db].Add(key)) _ready.Enqueue((db, key));
        }
    }

        /// <summary>The next ready key, oldest first; serving it may make more keys ready (BLMOVE's destination).</summary>
    public bool TryTakeReady(out int db, out byte[] key)
    {
        if (!_ready.TryDequeue(out (int Db, byte[] Key) next))
        {
            db = 0;
            key = [];
            return false;
        }

        _readySet[next.Db].Remove(next.Key);
        (db, key) = next;
        return true;
    }

    /// <summary>The queue of clients waiting on a key, oldest first (null when nobody waits).</summary>
    public LinkedList<BlockedClient>? WaitersOf(int db, byte[] key) => _waiting[db].GetValueOrDefault(key);
}
