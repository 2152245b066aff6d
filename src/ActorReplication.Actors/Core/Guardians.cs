namespace ActorReplication.Actors;

/// <summary>Parent of top-level user actors (<c>/user</c>) and system actors (<c>/system</c>).</summary>
internal sealed class GuardianActor : ReceiveActor
{
}

/// <summary>
/// The root (<c>/</c>). Terminating the system stops <c>/user</c> first, then <c>/system</c> (so system
/// services such as logging outlive user actors), then itself.
/// </summary>
internal sealed class RootGuardianActor : ReceiveActor
{
    public RootGuardianActor()
    {
        var user = Context.Child("user")!;
        var system = Context.Child("system")!;
        Context.Watch(user);
        Context.Watch(system);
        Receive<Terminated>(t => t.ActorRef.Equals(user), _ => Context.Stop(system));
        Receive<Terminated>(t => t.ActorRef.Equals(system), _ => Context.Stop(Self));
    }

    protected internal override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.StoppingStrategy;
}
