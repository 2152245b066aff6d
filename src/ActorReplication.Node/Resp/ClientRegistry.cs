using System.Collections.Concurrent;

namespace ActorReplication.Node.Resp;

/// <summary>Live client connections, for CLIENT LIST / KILL, INFO clients and maxclients.</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, ClientConnection> _clients = new();
    private long _nextId;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Registers <paramref name="client"/> unless <paramref name="maxClients"/> are already connected (checked atomically).</summary>
    public bool TryAdd(ClientConnection client, int maxClients)
    {
        if (Interlocked.Increment(ref _count) > maxClients)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        _clients[client.Id] = client;
        return true;
    }

    public void Remove(ClientConnection client)
    {
        if (_clients.TryRemove(client.Id, out _)) Interlocked.Decrement(ref _count);
    }

    public IReadOnlyList<ClientConnection> Snapshot() => _clients.Values.OrderBy(c => c.Id).ToList();
}
