using System.Buffers;
using ActorReplication.Cache.Transactions;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Keyspace;

/// <summary>WATCH's side of the keyspace: which keys clients watch, and whether a client's watch still holds.</summary>
public sealed partial class KeyspaceEngine
{
    private readonly WatchedKeys _watched;
    private readonly ArrayBufferWriter<byte> _watchScratchBuffer = new(256);
    private RespWriter? _watchScratchWriter;

    private RespWriter WatchScratch => _watchScratchWriter ??= new RespWriter(_watchScratchBuffer);

    /// <summary>WATCH key in the client's database. The key is not looked up (no lazy expiry), as in Redis.</summary>
    public void Watch(ClientSession session, ReadOnlySpan<byte> key)
    {
        Database db = _dbs[(uint)session.Db < (uint)_dbs.Length ? session.Db : 0];
        _watched.Add(session, db, key, WatchedKeys.IsExpired(db, key, _clock.UnixTimeMilliseconds));
    }

    /// <summary>UNWATCH (and after EXEC, DISCARD, or when the connection closes).</summary>
    public void UnwatchAll(ClientSession session) => _watched.RemoveAll(session);

    /// <summary>True when EXEC must answer a null array: a watched key was touched or has expired since WATCH.</summary>
    public bool IsWatchBroken(ClientSession session) => WatchedKeys.IsBroken(session, _clock.UnixTimeMilliseconds);

    /// <summary>SWAPDB, before the swap: each database's watched keys see the other's contents arrive.</summary>
    internal void TouchWatchedKeysForSwap(Database first, Database second)
    {
        long now = _clock.UnixTimeMilliseconds;
        _watched.TouchAllInDb(first, second, now);
        _watched.TouchAllInDb(second, first, now);
    }
}
