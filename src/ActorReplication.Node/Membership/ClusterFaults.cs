using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;

namespace ActorReplication.Node.Membership;

/// <summary>
/// Cuts and restores remoting between this node and another, through Akka's throttler transport adapter (present only
/// with <see cref="ClusterNodeOptions.FaultInjection"/>): a black-holed address gets nothing and sends nothing, as a
/// network partition, while the processes keep running.
/// </summary>
public static class ClusterFaults
{
    public static Task<bool> Blackhole(ActorSystem system, Address other) =>
        Throttle(system, other, Akka.Remote.Transport.Blackhole.Instance);

    public static Task<bool> Heal(ActorSystem system, Address other) =>
        Throttle(system, other, Unthrottled.Instance);

    private static Task<bool> Throttle(ActorSystem system, Address other, ThrottleMode mode) =>
        ((IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider).Transport.ManagementCommand(new SetThrottle(other, ThrottleTransportAdapter.Direction.Both, mode));
}
