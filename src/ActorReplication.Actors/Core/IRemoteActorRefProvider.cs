namespace ActorReplication.Actors;

/// <summary>
/// What the actor system asks about addresses that are not its own (<c>ar://system</c>): remoting registers one
/// with <see cref="ActorSystem.RegisterRemoteProvider"/>. Without one, such addresses cannot be reached.
/// </summary>
public interface IRemoteActorRefProvider
{
    /// <summary>The address other nodes reach this system at, e.g. <c>ar.tcp://system@host:port</c>.</summary>
    Address PublicAddress { get; }

    /// <summary>True when <paramref name="address"/> names this system (its public address or an alias of it).</summary>
    bool IsLocalAddress(Address address);

    /// <summary>A ref to the actor at <paramref name="path"/> on another node. Never null.</summary>
    IActorRef ResolveRemote(ActorPath path);

    /// <summary>The anchor for an absolute selection on another node: its root, delivering selections there.</summary>
    IActorRef RemoteRoot(Address address);
}
