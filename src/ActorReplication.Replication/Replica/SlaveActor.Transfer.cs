using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Replication.Master;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Replica;

public sealed partial class SlaveActor
{
    private SnapshotLoader? _loader;
    private FullResync? _pendingFull;
    private long _nextChunk;

    /// <summary>
    /// Transferring: each chunk is parsed into the fresh keyspace here, off the keyspace actor, which keeps serving the
    /// old data meanwhile; every chunk consumed returns one credit. A bad snapshot drops the link, and the old data stays.
    /// </summary>
    private void Transferring()
    {
        Linked();
        Receive<KeyspaceReplication.KeyCount>(HandleKeyCount);
        Receive<SnapshotChunk>(_ => IsFromLink(), HandleChunk);
        // The guard needs the local key count before it may swap: hold the end (and the stream after it) until it comes.
        Receive<SnapshotEnd>(_ => IsFromLink() && _guarding && _localKeys is null, _ => StashUntilCounted());
        Receive<StreamData>(_ => _endStashed, _ => Stash.Stash());
        Receive<SnapshotEnd>(_ => IsFromLink(), HandleSnapshotEnd);
        ReceiveAny(_ => { });
    }

    private void HandleChunk(SnapshotChunk chunk)
    {
        Heard();
        if (chunk.Seq != _nextChunk)
        {
            // At most once across nodes: a chunk lost with a failed connection must not leave a hole in the snapshot.
            SnapshotFailed($"snapshot chunk {chunk.Seq} arrived where chunk {_nextChunk} was expected");
            return;
        }
        _nextChunk++;
        try
        {
            _loader!.Feed(chunk.Bytes);
        }
        catch (SnapshotFormatException ex)
        {
            SnapshotFailed(ex.Message);
            return;
        }
        _link!.Tell(new Credit(1), Self);
    }

    /// <summary>The snapshot is whole and checked: swap it in (one keyspace turn), then take over the master's history at its offset.</summary>
    private void HandleSnapshotEnd(SnapshotEnd end)
    {
        Heard();
        SnapshotHeader header;
        try
        {
            header = _loader!.Complete();
            // An RDB file without replication aux fields (a redis-server master's) belongs to the FULLRESYNC it follows.
            if (header.ReplId.Length == 0) header = header with { ReplId = _pendingFull!.ReplId, Offset = _pendingFull.Offset };
            if (header.ReplId != _pendingFull!.ReplId || header.Offset != _pendingFull.Offset)
                throw new SnapshotFormatException($"snapshot: it is for replid {header.ReplId} offset {header.Offset}, the master announced {_pendingFull.ReplId} offset {_pendingFull.Offset}");
            if (_loader.BytesReceived != end.Bytes)
                throw new SnapshotFormatException($"snapshot: received {_loader.BytesReceived} bytes, the master sent {end.Bytes}");
        }
        catch (SnapshotFormatException ex)
        {
            SnapshotFailed(ex.Message);
            return;
        }
        var keys = _loader.KeysLoaded;
        if (_guarding && EmptyMasterGuard.IsFarSmaller(keys, _localKeys!.Value))
        {
            RefuseEmptyMaster(header, keys, _localKeys.Value);
            return;
        }
        var loaded = _loader;
        _loader = null;
        _keyspace.Tell(new KeyspaceReplication.ReplaceDataset(loaded.Target, header.StreamDb, _generation), Self);
        _keyspace.Tell(new KeyspaceReplication.Relay(new MasterProtocol.DatasetLoaded(header.ReplId, header.Offset), _generation), Self);
        _replId = header.ReplId;
        _replOffset = header.Offset;
        _pendingFull = null;
        _log.Info("Snapshot loaded: {Keys} keys, {Bytes} bytes, replid {ReplId} offset {Offset}", keys, end.Bytes, header.ReplId, header.Offset);
        GoOnline(fullResync: true, keys);
    }

    private void SnapshotFailed(string error)
    {
        _log.Error("Snapshot from master not loaded (the old data is kept): {Error}", error);
        Context.System.EventStream.Publish(new ReplicationEvents.SnapshotLoadFailed(error));
        _pendingFull = null;
        LinkDown(error);
    }
}
