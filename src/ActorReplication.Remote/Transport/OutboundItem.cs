using ActorReplication.Actors;
using Google.Protobuf;

namespace ActorReplication.Remote.Transport;

internal enum OutboundKind : byte
{
    Message,
    Selection,
    System,
    Heartbeat,
    Disassociate,
}

/// <summary>One entry of an association's queue, serialized by the writer when it reaches the wire.</summary>
internal readonly struct OutboundItem
{
    private OutboundItem(OutboundKind kind, object? message, IActorRef? sender, RemoteActorRef? recipient, IReadOnlyList<string>? elements, IMessage? control)
    {
        Kind = kind;
        Message = message;
        Sender = sender;
        Recipient = recipient;
        Elements = elements;
        Control = control;
    }

    public OutboundKind Kind { get; }

    /// <summary>The user message (Message, Selection).</summary>
    public object? Message { get; }

    public IActorRef? Sender { get; }

    public RemoteActorRef? Recipient { get; }

    public IReadOnlyList<string>? Elements { get; }

    /// <summary>The ready Protobuf payload of System, Heartbeat and Disassociate frames.</summary>
    public IMessage? Control { get; }

    public bool IsUserMessage => Kind is OutboundKind.Message or OutboundKind.Selection;

    public static OutboundItem ForMessage(RemoteActorRef recipient, object message, IActorRef? sender) =>
        new(OutboundKind.Message, message, sender, recipient, null, null);

    public static OutboundItem ForSelection(IReadOnlyList<string> elements, object message, IActorRef? sender) =>
        new(OutboundKind.Selection, message, sender, null, elements, null);

    public static OutboundItem ForControl(OutboundKind kind, IMessage control) =>
        new(kind, null, null, null, null, control);
}
