using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Membership;

/// <summary>
/// Watches this node's own membership. A member that was downed (by an operator, or by the split-brain resolver on
/// the minority side) or quarantined by another node can never come back under the same incarnation: Akka.Cluster
/// only admits a new one. Then this actor calls <paramref name="rejoin"/> once, and the host replaces the
/// ActorSystem. A member that left on request (Leaving, Exiting) stays out.
/// </summary>
public sealed class IncarnationWatch : ReceiveActor
{
    private readonly AkkaCluster _cluster = AkkaCluster.Get(Context.System);
    private readonly Action<string> _rejoin;
    private bool _left;
    private bool _rejoining;

    private sealed class SelfRemoved
    {
        public static readonly SelfRemoved Instance = new();
    }

    public IncarnationWatch(Action<string> rejoin)
    {
        _rejoin = rejoin;
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            if (e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress) && e.Member.Status is MemberStatus.Leaving or MemberStatus.Exiting)
                _left = true;
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ThisActorSystemQuarantinedEvent>(q => Rejoin($"quarantined by {q.RemoteAddress}"));
        Receive<SelfRemoved>(_ =>
        {
            if (!_left) Rejoin("removed from the cluster without leaving it (downed)");
        });
    }

    public static Props Props(Action<string> rejoin) => Akka.Actor.Props.Create(() => new IncarnationWatch(rejoin));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));
        var self = Self;
        _cluster.RegisterOnMemberRemoved(() => self.Tell(SelfRemoved.Instance));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Rejoin(string reason)
    {
        if (_rejoining) return;
        _rejoining = true;
        _rejoin(reason);
    }
}
