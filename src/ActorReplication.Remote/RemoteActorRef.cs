using ActorReplication.Actors;
using ActorReplication.Remote.Transport;

namespace ActorReplication.Remote;

/// <summary>
/// A ref to an actor on another node. Tell queues the message on the association with that node (one per node
/// pair), where the writer serializes it; delivery is at most once, in order per sender and receiver. Watch and
/// Unwatch travel as system messages, and the watcher also learns of the actor's end when its node is lost.
/// </summary>
public sealed class RemoteActorRef : ActorRefBase, IInternalActorRef, ISystemBound, IActorSelectionTarget
{
    private readonly RemoteTransport _transport;
    private readonly ActorPath _path;

    internal RemoteActorRef(RemoteTransport transport, ActorPath path, Association association)
    {
        _transport = transport;
        _path = path;
        Association = association;
        SerializedPath = path.Uid == 0 ? path.ToString() : $"{path}#{path.Uid}";
    }

    public override ActorPath Path => _path;

    /// <summary>The local system this ref was created in (Ask creates its temporary ref there).</summary>
    public ActorSystem System => _transport.System;

    /// <summary>Always false: a remote actor's end is learned through death watch, not by asking the ref.</summary>
    public bool IsTerminated => false;

    public bool IsLocal => false;

    internal Association Association { get; }

    /// <summary>The path as it travels on the wire, with the actor's uid.</summary>
    internal string SerializedPath { get; }

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_transport.VerifyOutbound) _transport.Serialization.Verify(message);
        Association.Send(OutboundItem.ForMessage(this, message, sender));
    }

    public void SendSystemMessage(SystemMessage message) => _transport.SendSystemMessage(this, message);

    /// <summary>Asks the remote node to stop the actor.</summary>
    public void Stop() => _transport.SendTerminate(this);

    /// <summary>Sends a selection below this ref's path to its node, which walks it there.</summary>
    public void DeliverSelection(IReadOnlyList<string> elements, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_transport.VerifyOutbound) _transport.Serialization.Verify(message);
        IReadOnlyList<string> full = _path.Elements.Count == 0 ? elements : [.. _path.Elements, .. elements];
        Association.Send(OutboundItem.ForSelection(full, message, sender));
    }
}
