using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Replica;

/// <summary>The empty-master guard (<see cref="EmptyMasterGuard"/>) around a full sync's transfer.</summary>
public sealed partial class SlaveActor
{
    private bool _guarding;        // this full sync offers a new, shorter history: compare key counts before the swap
    private long? _localKeys;      // the live dataset's keys, counted by the keyspace when the sync started
    private bool _endStashed;      // the snapshot ended before the count came: its end and the stream wait in the stash
    private string? _refusedReason;

    /// <summary>+FULLRESYNC: when the master's history starts over, ask the keyspace (in its order) how many keys we hold.</summary>
    private void ArmEmptyMasterGuard(FullResync full)
    {
        _guarding = !_settings.ReplicaAcceptEmptyMaster && EmptyMasterGuard.IsNewShorterHistory(_replId, _replOffset, full.ReplId, full.Offset);
        _localKeys = null;
        if (_guarding) _keyspace.Tell(KeyspaceReplication.CountKeys.Instance, Self);
    }

    private void StashUntilCounted()
    {
        _endStashed = true;
        Stash.Stash();
    }

    private void HandleKeyCount(KeyspaceReplication.KeyCount count)
    {
        _localKeys = count.Keys;
        if (!_endStashed) return;
        _endStashed = false;
        Stash.UnstashAll();
    }

    /// <summary>
    /// Keeps our data and drops the link: the reason shows in INFO replication and the log, the board counts it, and the
    /// next attempt (after the backoff) asks again, so a master that got its data back is followed then.
    /// </summary>
    private void RefuseEmptyMaster(SnapshotHeader offered, long offeredKeys, long localKeys)
    {
        var reason = EmptyMasterGuard.Reason(localKeys, offeredKeys, offered.ReplId, offered.Offset, _replId, _replOffset);
        _log.Warning("Full sync from master {Host}:{Port} refused, {Keys} keys kept: {Reason}", _endpoint.Host, _endpoint.Port, localKeys, reason);
        _refusedReason = reason;
        _board?.CountEmptyMasterRefusal();
        Context.System.EventStream.Publish(new ReplicationEvents.EmptyMasterRefused(_endpoint.Host, _endpoint.Port, offered.ReplId, offered.Offset, offeredKeys, localKeys));
        _pendingFull = null;
        LinkDown(reason);
    }

    private void DropGuardState()
    {
        _guarding = false;
        _localKeys = null;
        if (!_endStashed) return;
        _endStashed = false;
        Stash.ClearStash();
    }
}
