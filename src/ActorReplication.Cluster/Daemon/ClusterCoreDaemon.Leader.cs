using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using static ActorReplication.Cluster.ClusterProtocol;

namespace ActorReplication.Cluster;

internal sealed partial class ClusterCoreDaemon
{
    private ImmutableSortedSet<UniqueAddress> _sbrUnreachable = [];
    private TimeSpan _sbrStableSince;
    private bool _sbrWasLeader;

    /// <summary>
    /// Each leader-actions interval: the leader's moves when the gossip has converged, the split-brain resolver
    /// when one is configured, and the pruning of old tombstones. Members the leader removed while still reachable
    /// get the new gossip once, so they learn that they are out and stop.
    /// </summary>
    private void LeaderTick()
    {
        var result = LeaderActions.OnConvergence(_latest, _self, _settings.MinNrOfMembers, NowUnixMs);
        if (result.Changed)
        {
            foreach (var m in result.Upped) Log.LogInformation("Leader {Self} moves {Node} to Up", _self, m.UniqueAddress);
            foreach (var m in result.Exited) Log.LogInformation("Leader {Self} moves {Node} to Exiting", _self, m.UniqueAddress);
            foreach (var m in result.Removed) Log.LogInformation("Leader {Self} removes {Node}", _self, m.UniqueAddress);
            var reachability = _latest.Reachability;
            UpdateLatest(result.Gossip);
            foreach (var removed in result.Removed)
                if (reachability.IsReachable(removed.UniqueAddress))
                    Send(removed.Address, new GossipEnvelope(_self, removed.UniqueAddress, _latest));
        }
        if (_phase != "Initialized") return;
        if (_settings.DowningProvider == DowningProvider.KeepMajority) SplitBrainResolverTick();
        var pruned = _latest.PruneTombstones(NowUnixMs - (long)_settings.PruneGossipTombstonesAfter.TotalMilliseconds);
        if (!ReferenceEquals(pruned, _latest)) _latest = pruned;
    }

    /// <summary>
    /// Keep-majority downing. Only the leader of this side acts, and only once the set of unreachable members has
    /// stayed the same for stable-after (a new leader waits the full time again), so that both sides of a clean
    /// partition decide on the same picture. Downing this side (itself included) spreads by gossip to the members it
    /// can still reach, which then stop.
    /// </summary>
    private void SplitBrainResolverTick()
    {
        var unreachable = Convergence.ReachabilityExcludingDownedObservers(_latest).AllUnreachableOrTerminated
            .Where(n => !n.Equals(_self) && _latest.HasMember(n)).ToImmutableSortedSet();
        if (!unreachable.SetEquals(_sbrUnreachable))
        {
            _sbrUnreachable = unreachable;
            _sbrStableSince = Now;
        }
        var isLeader = _self.Equals(Leader.Of(_latest, _self));
        if (isLeader && !_sbrWasLeader) _sbrStableSince = Now;
        _sbrWasLeader = isLeader;
        if (!isLeader || unreachable.IsEmpty) return;
        if (unreachable.All(n => _latest.GetMember(n).Status is MemberStatus.Down or MemberStatus.Exiting)) return;
        if (Now - _sbrStableSince < _settings.StableAfter) return;

        var decision = KeepMajority.Decide(_latest.Members, unreachable, _settings.KeepMajorityRole);
        var toDown = KeepMajority.NodesToDown(decision, _latest.Members, unreachable);
        Log.LogWarning("Split brain resolver (keep-majority) at {Self}: {Decision}, downing [{Nodes}]", _self, decision, string.Join(", ", toDown));
        _sbrStableSince = Now;
        if (toDown.IsEmpty) return;
        UpdateLatest(GossipChanges.Down(_latest, toDown, _self));
    }
}
