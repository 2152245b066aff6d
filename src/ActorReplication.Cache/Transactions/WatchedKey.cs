using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Transactions;

/// <summary>
/// One key a client WATCHes in one database. <see cref="Expired"/> is set when the key was already logically expired
/// at WATCH time (Redis 7.0): its deletion is then no change, and only a write that leaves the key present counts.
/// </summary>
internal sealed class WatchedKey(ClientSession client, Database db, byte[] key, bool expired)
{
    public ClientSession Client { get; } = client;

    public Database Db { get; } = db;

    public byte[] Key { get; } = key;

    public bool Expired { get; set; } = expired;
}
