using System.Collections.Immutable;
using ActorReplication.Actors;
using Microsoft.Extensions.Logging;
using static ActorReplication.Cluster.ClusterDaemonMessages;
using static ActorReplication.Cluster.ClusterProtocol;

namespace ActorReplication.Cluster;

internal sealed partial class ClusterCoreDaemon
{
    /// <summary>How often InitJoin is repeated to the seeds while no seed has answered (Akka: 1 s).</summary>
    private static readonly TimeSpan SeedRetryInterval = TimeSpan.FromSeconds(1);

    private ImmutableArray<Address> _seeds = [];
    private bool _seedProcessActive;
    private TimeSpan _seedProcessStarted;
    private Address? _joinContact;
    private TimeSpan _joinDeadline;

    /// <summary>
    /// Seed-node join. The first seed in the list asks the others whether a cluster exists and, when none answers
    /// within seed-node-timeout, forms one by joining itself; every other node keeps asking all seeds (every second)
    /// until one that is a member acknowledges, then joins it. Seeds that start late are simply asked again.
    /// </summary>
    private void HandleJoinSeedNodes(JoinSeedNodes m)
    {
        _seeds = m.Seeds;
        if (_seeds.IsEmpty) return;
        if (_seeds.Length == 1 && _seeds[0].Equals(_self.Address))
        {
            JoinSelf();
            return;
        }
        _seedProcessActive = true;
        _seedProcessStarted = Now;
        _joinContact = null;
        SendInitJoins();
        // The first seed decides exactly when seed-node-timeout is up, not at the next one-second join tick.
        if (_seeds[0].Equals(_self.Address)) Scheduler.ScheduleTellOnce(_settings.SeedNodeTimeout, Self, Tick.Join, Self);
    }

    private void SendInitJoins()
    {
        foreach (var seed in _seeds)
            if (!seed.Equals(_self.Address)) Send(seed, new InitJoin(_self));
    }

    private void HandleJoinTick()
    {
        if (_joinContact is { } contact)
        {
            if (Now < _joinDeadline) return;
            // No Welcome in time: the contact may be gone, or still removing our previous incarnation.
            Log.LogInformation("No welcome from {Contact} within {Timeout}; trying again", contact, _settings.RetryUnsuccessfulJoinAfter);
            if (!_seeds.IsEmpty) HandleJoinSeedNodes(new JoinSeedNodes(_seeds));
            else StartJoin(contact);
            return;
        }
        if (!_seedProcessActive) return;
        if (_seeds[0].Equals(_self.Address) && Now - _seedProcessStarted >= _settings.SeedNodeTimeout)
        {
            Log.LogInformation("No other seed answered within {Timeout}: {Self} forms a new cluster", _settings.SeedNodeTimeout, _self);
            JoinSelf();
            return;
        }
        SendInitJoins();
    }

    private void HandleInitJoinAck(InitJoinAck m)
    {
        if (!_seedProcessActive || _joinContact is not null) return;
        StartJoin(m.From.Address);
    }

    private void StartJoin(Address contact)
    {
        if (contact.Equals(_self.Address))
        {
            JoinSelf();
            return;
        }
        _joinContact = contact;
        _joinDeadline = Now + _settings.RetryUnsuccessfulJoinAfter;
        Send(contact, new Join(_self, Roles, _settings.RespEndpoint));
    }

    private void JoinSelf()
    {
        var gossip = GossipChanges.AddJoining(Gossip.Empty, Member.Create(_self, Roles, _settings.RespEndpoint), _self);
        BecomeMember(gossip);
    }

    private void HandleWelcome(Welcome m)
    {
        if (_joinContact is null || !m.From.Address.Equals(_joinContact) || !m.To.Equals(_self) || !m.Gossip.HasMember(_self))
            return;
        Log.LogInformation("{Self} welcomed by {From}", _self, m.From);
        BecomeMember(m.Gossip.Seen(_self));
    }

    private void BecomeMember(Gossip gossip)
    {
        _seedProcessActive = false;
        _joinContact = null;
        Become(Initialized);
        UpdateLatest(gossip);
    }

    /// <summary>
    /// A node asks to join through this member. A retry of a known incarnation gets the Welcome again. A new
    /// incarnation at the address of an existing member means that member restarted: the old one is marked
    /// Terminated and Down, and the newcomer (which retries) is admitted once the old one has been removed.
    /// </summary>
    private void HandleJoin(Join m)
    {
        var joining = m.From;
        if (_latest.IsTombstoned(joining))
        {
            Log.LogInformation("Ignoring join from removed incarnation {Node}", joining);
            return;
        }
        var existing = _latest.MemberAt(joining.Address);
        if (existing is not null && existing.UniqueAddress.Equals(joining))
        {
            Send(joining.Address, new Welcome(_self, joining, _latest));
            return;
        }
        if (existing is not null)
        {
            Log.LogInformation("New incarnation {Node} of member {Old} is joining: removing the old one first", joining, existing.UniqueAddress);
            if (existing.Status != MemberStatus.Down)
                UpdateLatest(GossipChanges.Down(GossipChanges.Terminated(_latest, _self, existing.UniqueAddress), [existing.UniqueAddress], _self));
            return;
        }
        Log.LogInformation("{Node} is joining (roles [{Roles}], resp {Endpoint})", joining, string.Join(",", m.Roles), m.RespEndpoint);
        UpdateLatest(GossipChanges.AddJoining(_latest, Member.Create(joining, m.Roles, m.RespEndpoint), _self));
        Send(joining.Address, new Welcome(_self, joining, _latest));
    }
}
