using Akka.Actor;
using ActorReplication.Cache.Actors;
using Microsoft.Extensions.Logging;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Replica;

public sealed partial class SlaveActor
{
    private void GoOnline(bool fullResync, long keys)
    {
        _linkUp = true;
        _refusedReason = null;
        _backoff = _settings.ReconnectBackoffMin;
        _keyspace.Tell(new KeyspaceReplication.SetMasterLinkStatus(true), Self);
        EnterPhase("connected", Online);
        Context.System.EventStream.Publish(new ReplicationEvents.MasterLinkUp(fullResync, _replId!, _replOffset, keys));
        _link!.Tell(new Ack(_replOffset), Self);
    }

    /// <summary>Online: apply the stream in order (through the keyspace, which feeds it on), acknowledge on the cron and on GETACK.</summary>
    private void Online()
    {
        Linked();
        Receive<StreamData>(_ => IsFromLink(), HandleStreamData);
        Receive<GetAck>(_ =>
        {
            Heard();
            _link!.Tell(new Ack(_replOffset), Self);
        });
        ReceiveAny(_ => { });
    }

    private void HandleStreamData(StreamData data)
    {
        Heard();
        if (data.Offset != _replOffset)
        {
            LinkDown($"stream offset mismatch: the replica is at {_replOffset}, the data starts after {data.Offset}");
            return;
        }
        if (data.Bytes.Length == 0) return; // the master's keepalive
        _keyspace.Tell(new KeyspaceReplication.ApplyStream(data.Bytes, _streamLink, _generation), Self);
        _replOffset += data.Bytes.Length;
        _board?.PublishLinkOffset(_generation, _replOffset);
    }
}
