using Microsoft.Extensions.Logging;
using static ActorReplication.Cluster.ClusterDaemonMessages;
using static ActorReplication.Cluster.ClusterProtocol;

namespace ActorReplication.Cluster;

internal sealed partial class ClusterCoreDaemon
{
    /// <summary>Chance of gossiping to a node that has not seen the current version, when there is one (Akka: 0.8).</summary>
    private const double DifferentViewProbability = 0.8;

    /// <summary>
    /// Each gossip interval, one reachable peer gets either the full gossip (it has not seen this version) or just the
    /// version (it has, and may have something newer to send back). Peers that have not seen the version are
    /// preferred, which spreads a change in about log(n) rounds.
    /// </summary>
    private void GossipTick()
    {
        GossipToRandomPeer();
        // Akka's speedup: while fewer than half the members have seen the latest gossip (a join, a leader move),
        // gossip twice more within this interval, so a change spreads in about a third of the time.
        if (!IsGossipSpeedupNeeded) return;
        Scheduler.ScheduleTellOnce(_settings.GossipInterval / 3, Self, Tick.GossipSpeedup, Self);
        Scheduler.ScheduleTellOnce(_settings.GossipInterval * 2 / 3, Self, Tick.GossipSpeedup, Self);
    }

    private bool IsGossipSpeedupNeeded => _latest.SeenBy.Count < _latest.Members.Count / 2;

    private void GossipSpeedupTick()
    {
        if (IsGossipSpeedupNeeded) GossipToRandomPeer();
    }

    private void GossipToRandomPeer()
    {
        var peers = _latest.Members
            .Where(m => !m.UniqueAddress.Equals(_self) && _latest.Reachability.IsReachable(_self, m.UniqueAddress))
            .ToList();
        if (peers.Count == 0) return;
        var notSeen = peers.Where(m => !_latest.SeenByNode(m.UniqueAddress)).ToList();
        var pool = notSeen.Count > 0 && _random.NextDouble() < DifferentViewProbability ? notSeen : peers;
        var peer = pool[_random.Next(pool.Count)].UniqueAddress;
        GossipTo(peer);
    }

    private void GossipTo(UniqueAddress peer)
    {
        if (_latest.SeenByNode(peer)) Send(peer.Address, new GossipStatus(_self, peer, _latest.Version));
        else Send(peer.Address, new GossipEnvelope(_self, peer, _latest));
    }

    private void HandleGossipStatus(GossipStatus m)
    {
        if (!m.To.Equals(_self) || !_latest.HasMember(m.From)) return;
        switch (_latest.Version.CompareTo(m.Version))
        {
            case VectorClockOrdering.Same:
                break;
            case VectorClockOrdering.Before: // theirs is newer: ask for it by telling them ours
                Send(m.From.Address, new GossipStatus(_self, m.From, _latest.Version));
                break;
            default: // ours is newer or diverged: send it
                Send(m.From.Address, new GossipEnvelope(_self, m.From, _latest));
                break;
        }
    }

    /// <summary>
    /// Gossip from another member. It is ignored when meant for another incarnation, when the sender is not a member
    /// (unless the gossip removes us), when this node cannot reach the sender, or when it does not know this node.
    /// Otherwise the newer one wins, diverged ones are merged, equal ones pool who has seen them; this node marks
    /// the result seen, and answers with it unless the sender already knows everything it would learn.
    /// </summary>
    private void HandleGossip(GossipEnvelope m)
    {
        var remote = m.Gossip;
        if (!m.To.Equals(_self)) return;
        if (remote.IsTombstoned(_self))
        {
            Log.LogInformation("Gossip from {From} says {Self} was removed", m.From, _self);
            UpdateLatest(_latest.Merge(remote));
            return;
        }
        if (!_latest.HasMember(m.From) || !remote.HasMember(_self)) return;
        if (!_latest.Reachability.IsReachable(_self, m.From)) return;

        var local = _latest;
        var ordering = local.Version.CompareTo(remote.Version);
        var winner = ordering switch
        {
            VectorClockOrdering.Same => local.MergeSeen(remote),
            VectorClockOrdering.Before => remote,
            VectorClockOrdering.After => local,
            _ => local.Merge(remote),
        };
        winner = winner.Seen(_self);
        if (!winner.Equals(local)) UpdateLatest(winner);
        // Talk back when the sender's copy is older, diverged, or does not yet record that this node has seen it.
        var talkback = ordering is VectorClockOrdering.Same or VectorClockOrdering.Before ? !remote.SeenByNode(_self) : true;
        if (_phase == "Initialized" && talkback)
            Send(m.From.Address, new GossipEnvelope(_self, m.From, _latest));
    }
}
