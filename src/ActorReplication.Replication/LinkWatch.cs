using ActorReplication.Actors;
using ActorReplication.Remote;

namespace ActorReplication.Replication;

/// <summary>
/// How the two ends of a replication link notice that the other is gone. In-process (specs): death watch. Across nodes,
/// deliberately not remote death watch: its failure detector quarantines a node that was silent for
/// <c>remote.acceptable-heartbeat-pause</c> (a paused process, a short partition), and a quarantined pair can only talk
/// again after a restart, whereas a Redis replica simply reconnects. So a remote link ends, like a Redis replication
/// socket, when the connection to the peer's node closes or that node is quarantined (remoting lifecycle events), or
/// when repl-timeout passes without a word (pings and acks).
/// </summary>
internal static class LinkWatch
{
    public static void Watch(IActorContext context, IActorRef peer)
    {
        if (peer.Path.Address.HasLocalScope) context.Watch(peer);
        else context.System.EventStream.Subscribe(context.Self, typeof(RemotingLifecycle.IEvent));
    }

    public static void Unwatch(IActorContext context, IActorRef peer)
    {
        if (peer.Path.Address.HasLocalScope) context.Unwatch(peer);
        else context.System.EventStream.Unsubscribe(context.Self, typeof(RemotingLifecycle.IEvent));
    }

    /// <summary>True when <paramref name="lifecycle"/> means the connection to <paramref name="peer"/>'s node is gone.</summary>
    public static bool IsLost(RemotingLifecycle.IEvent lifecycle, IActorRef? peer, out string reason)
    {
        reason = "";
        if (peer is null || peer.Path.Address.HasLocalScope) return false;
        var address = peer.Path.Address;
        switch (lifecycle)
        {
            case RemotingLifecycle.Disassociated d when d.Remote == address:
                reason = $"the connection to {address} closed ({d.Reason})";
                return true;
            case RemotingLifecycle.Quarantined q when q.Remote == address:
                reason = $"{address} was quarantined ({q.Reason})";
                return true;
            case RemotingLifecycle.ThisSystemQuarantined t when t.Remote == address:
                reason = $"{address} quarantined this node";
                return true;
            default:
                return false;
        }
    }
}
