namespace ActorReplication.Actors;

/// <summary>A ref to an actor in this process: Tell enqueues straight into its mailbox.</summary>
public sealed class LocalActorRef : ActorRefBase, IInternalActorRef, ISystemBound
{
    private readonly ActorPath _path;

    internal LocalActorRef(ActorPath path) => _path = path;

    internal ActorCell Cell { get; set; } = null!;

    public override ActorPath Path => _path;

    public ActorSystem System => Cell.System;

    public bool IsTerminated => Cell.Mailbox.IsClosed;

    public bool IsLocal => true;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.System.VerifySerializable(message);
        Cell.Mailbox.Post(message, sender);
    }

    public void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);

    public void Stop() => SendSystemMessage(Terminate.Instance);

    internal void Start() => SendSystemMessage(Create.Instance);
}
