using Akka.Actor;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Master;

/// <summary>FAILOVER's wait for its target (Redis updateFailoverStatus): which replica has everything, and when.</summary>
public sealed partial class MasterActor
{
    private static readonly TimeSpan FailoverAckInterval = TimeSpan.FromMilliseconds(100);
    private FailoverWait? _failoverWait;

    private sealed record FailoverWait(string? Host, int Port, long Offset, IActorRef ReplyTo, ICancelable Ticks);

    private sealed record FailoverAckTick : INoSerializationVerificationNeeded
    {
        public static readonly FailoverAckTick Instance = new();
    }

    private void RegisterFailover()
    {
        Receive<MasterProtocol.AwaitFailoverTarget>(HandleAwaitFailoverTarget);
        Receive<MasterProtocol.ForceFailoverTarget>(_ => HandleForceFailoverTarget());
        Receive<MasterProtocol.CancelFailoverTarget>(_ => EndFailoverWait());
        Receive<FailoverAckTick>(_ => AskFailoverAcks());
    }

    /// <summary>Writes are paused: our offset is the one the target must acknowledge. Ask for acks at once and every 100 ms.</summary>
    private void HandleAwaitFailoverTarget(MasterProtocol.AwaitFailoverTarget await)
    {
        EndFailoverWait();
        var ticks = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(FailoverAckInterval, FailoverAckInterval, Self, FailoverAckTick.Instance, Self);
        _failoverWait = new FailoverWait(await.Host, await.Port, _offset, await.ReplyTo, ticks);
        if (!CheckFailoverTarget()) AskFailoverAcks();
    }

    private void AskFailoverAcks()
    {
        if (_failoverWait is not { } wait) return;
        foreach (var (session, info) in _sessions)
            if (info.State == ReplicaSessionState.Online && IsFailoverCandidate(wait, info)) session.Tell(GetAck.Instance, Self);
    }

    private static bool IsFailoverCandidate(FailoverWait wait, SessionInfo info) =>
        wait.Host is null || (string.Equals(wait.Host, info.Ip, StringComparison.OrdinalIgnoreCase) && wait.Port == info.Port);

    /// <summary>After every ack: has a candidate reached the offset? Then answer and stop waiting.</summary>
    private bool CheckFailoverTarget()
    {
        if (_failoverWait is not { } wait) return false;
        SessionInfo? best = null;
        foreach (var info in _sessions.Values)
        {
            if (info.State != ReplicaSessionState.Online || info.AckOffset != wait.Offset || !IsFailoverCandidate(wait, info)) continue;
            if (best is null || PriorityRank(info) < PriorityRank(best)) best = info;
        }
        if (best is null) return false;
        wait.ReplyTo.Tell(new MasterProtocol.FailoverTargetSynced(best.Ip, best.Port, best.Replica, _ids.ReplId, wait.Offset, best.AckOffset), Self);
        EndFailoverWait();
        return true;
    }

    // replica-priority: lowest first; 0 (never promote) after every other.
    private static long PriorityRank(SessionInfo info) => info.Priority > 0 ? info.Priority : long.MaxValue;

    private void HandleForceFailoverTarget()
    {
        if (_failoverWait is not { } wait) return;
        SessionInfo? target = null;
        foreach (var info in _sessions.Values)
            if (IsFailoverCandidate(wait, info) && (target is null || info.AckOffset > target.AckOffset)) target = info;
        if (target is null) wait.ReplyTo.Tell(new MasterProtocol.FailoverTargetLost("the target replica is no longer connected"), Self);
        else wait.ReplyTo.Tell(new MasterProtocol.FailoverTargetSynced(target.Ip, target.Port, target.Replica, _ids.ReplId, wait.Offset, target.AckOffset), Self);
        EndFailoverWait();
    }

    private void EndFailoverWait()
    {
        _failoverWait?.Ticks.Cancel();
        _failoverWait = null;
    }
}
