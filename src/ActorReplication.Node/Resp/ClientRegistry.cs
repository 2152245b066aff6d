using System.Collections.Concurrent;

namespace ActorReplication.Node.Resp;

/// <summary>Live client connections, for CLIENT LIST / KILL, INFO clients and maxclients.</summary>
public sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, ClientConnection> _clients = new();
    private long _nextId;

    public int Count => _clients.Count;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(ClientConnection client) => _clients[client.Id] = client;

    public void Remove(ClientConnection client) => _clients.TryRemove(client.Id, out _);

    public IReadOnlyList<ClientConnection> Snapshot() => _clients.Values.OrderBy(c => c.Id).ToList();
}
