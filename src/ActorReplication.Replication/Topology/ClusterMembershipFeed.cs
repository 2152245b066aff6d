using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using static ActorReplication.Replication.Topology.ClusterEvents;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Replication.Topology;

/// <summary>
/// Subscribes to Akka.Cluster and tells <c>target</c> the membership in <see cref="ClusterEvents"/> terms: a whole
/// <see cref="ClusterEvents.CurrentClusterState"/> after every change (ages are ranks in Akka's own age order, which
/// every member agrees on, so they are recomputed for all members each time), preceded by
/// <see cref="ClusterEvents.MemberDowned"/> / <see cref="ClusterEvents.MemberRemoved"/> so the target forgets that
/// incarnation, and <see cref="ClusterEvents.ClusterShuttingDown"/> when this node's membership ends.
/// </summary>
public sealed class ClusterMembershipFeed : ReceiveActor
{
    /// <summary>The cluster role that carries a member's RESP endpoint: <c>resp:host:port</c>.</summary>
    public const string RespRolePrefix = "resp:";

    private readonly IActorRef _target;
    private ImmutableSortedSet<Member> _members = ImmutableSortedSet.Create<Member>();
    private ImmutableHashSet<Member> _unreachable = [];
    private Address? _leader;

    public ClusterMembershipFeed(IActorRef target)
    {
        _target = target;
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            _members = ImmutableSortedSet.CreateRange(s.Members);
            _unreachable = [.. s.Unreachable];
            _leader = s.Leader;
            Publish();
        });
        Receive<ClusterEvent.ClusterShuttingDown>(_ => _target.Tell(ClusterShuttingDown.Instance));
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            _members = _members.Remove(e.Member);
            _unreachable = _unreachable.Remove(e.Member);
            _target.Tell(new ClusterEvents.MemberRemoved(Translate(e.Member), e.PreviousStatus));
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            _members = _members.Remove(e.Member).Add(e.Member);
            if (_unreachable.Contains(e.Member)) _unreachable = _unreachable.Remove(e.Member).Add(e.Member);
            if (e is ClusterEvent.MemberDowned) _target.Tell(new ClusterEvents.MemberDowned(Translate(e.Member)));
            Publish();
        });
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            _unreachable = _unreachable.Remove(e.Member).Add(e.Member);
            Publish();
        });
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            _unreachable = _unreachable.Remove(e.Member);
            Publish();
        });
        Receive<ClusterEvent.LeaderChanged>(e =>
        {
            _leader = e.Leader;
            Publish();
        });
    }

    public static Props Props(IActorRef target) => Akka.Actor.Props.Create(() => new ClusterMembershipFeed(target));

    protected override void PreStart() =>
        AkkaCluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged),
            typeof(ClusterEvent.ClusterShuttingDown));

    protected override void PostStop() => AkkaCluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>Where a member answers RESP, from its <c>resp:host:port</c> role ("" when it has none).</summary>
    public static string RespEndpointOf(Member member) =>
        member.Roles.FirstOrDefault(r => r.StartsWith(RespRolePrefix, StringComparison.Ordinal))?[RespRolePrefix.Length..] ?? "";

    private void Publish()
    {
        var ages = _members.Where(IsUp).OrderBy(m => m, Member.AgeOrdering).Select((m, i) => (m, i + 1)).ToDictionary(p => p.m.UniqueAddress, p => p.Item2);
        ClusterMember Ranked(Member m) => new(m.UniqueAddress, m.Status, ages.GetValueOrDefault(m.UniqueAddress, ClusterMember.NotUpYet), RespEndpointOf(m));
        _target.Tell(new ClusterEvents.CurrentClusterState(
            ImmutableSortedSet.CreateRange(ClusterMember.Ordering, _members.Select(Ranked)),
            ImmutableSortedSet.CreateRange(ClusterMember.Ordering, _unreachable.Select(Ranked)),
            _leader));
    }

    private static bool IsUp(Member m) => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting;

    private static ClusterMember Translate(Member m) => new(m.UniqueAddress, m.Status, ClusterMember.NotUpYet, RespEndpointOf(m));
}
