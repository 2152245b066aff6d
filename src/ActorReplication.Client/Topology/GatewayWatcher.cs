using ActorReplication.Actors;

namespace ActorReplication.Client.Topology;

/// <summary>
/// Watches the gateways of the nodes in use (remote death watch): a node that stops or goes silent longer than the
/// remoting detector allows yields <see cref="Terminated"/>, and the client re-reads the topology at once instead of
/// waiting for a timeout or the periodic refresh.
/// </summary>
internal sealed class GatewayWatcher : ReceiveActor
{
    public sealed record WatchGateway(IActorRef Gateway) : INoSerializationVerificationNeeded;

    private readonly HashSet<string> _watched = [];

    public GatewayWatcher(Action<string> onLost)
    {
        Receive<WatchGateway>(m =>
        {
            if (_watched.Add(m.Gateway.Path.ToString())) Context.Watch(m.Gateway);
        });
        Receive<Terminated>(t =>
        {
            // Forget it, so that the next topology (the node restarted, or is back) watches it again.
            _watched.Remove(t.ActorRef.Path.ToString());
            onLost(t.ActorRef.Path.Address.ToString());
        });
    }

    public static Props Props(Action<string> onLost) => Actors.Props.Create(() => new GatewayWatcher(onLost));
}
