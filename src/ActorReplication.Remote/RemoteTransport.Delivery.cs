using ActorReplication.Actors;
using ActorReplication.Remote.Protocol;
using ActorReplication.Remote.Transport;
using Microsoft.Extensions.Logging;
using ActorsDeathWatchNotification = ActorReplication.Actors.DeathWatchNotification;
using ActorsUnwatch = ActorReplication.Actors.Unwatch;
using ActorsWatch = ActorReplication.Actors.Watch;
using WireDeathWatchNotification = ActorReplication.Remote.Protocol.DeathWatchNotification;
using WireTerminate = ActorReplication.Remote.Protocol.Terminate;
using WireUnwatch = ActorReplication.Remote.Protocol.Unwatch;
using WireWatch = ActorReplication.Remote.Protocol.Watch;

namespace ActorReplication.Remote;

public sealed partial class RemoteTransport
{
    /// <summary>
    /// A message for one of our actors, on the reader's thread so order is kept: the recipient is looked up by path
    /// (a missing actor makes it a dead letter here), the sender becomes a ref, the bytes become the message.
    /// Paths seen before resolve from the cache without a string being made. A message that cannot be deserialized
    /// is dropped with a logged error; the link carries on.
    /// </summary>
    private void DeliverEnvelope(ReadOnlySpan<byte> frame)
    {
        var envelope = EnvelopeDecoder.Decode(frame);
        var recipient = ResolveRecipient(envelope.Recipient);
        if (recipient is null) return;
        var sender = envelope.Sender.IsEmpty ? null : ResolveActorRef(envelope.Sender);
        var manifest = Manifest(envelope.Manifest);
        object message;
        try
        {
            message = Serialization.Deserialize(envelope.Message, envelope.SerializerId, manifest);
        }
        catch (Exception ex)
        {
            LogUndeserializable(ex, recipient.Path.ToString(), sender, envelope.SerializerId, manifest);
            return;
        }
        try
        {
            recipient.Tell(message, sender);
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "Delivering a message of type {Type} to {Recipient} failed", message.GetType().FullName, recipient);
        }
    }

    /// <summary>A selection from another node: walked from our root, as a local selection would be.</summary>
    private void DeliverSelection(SelectionEnvelope selection)
    {
        var path = "/" + string.Join('/', selection.Elements);
        var sender = ResolveActorRef(selection.Sender);
        object message;
        try
        {
            message = Serialization.Deserialize(selection.Message.Span, selection.SerializerId, selection.Manifest);
        }
        catch (Exception ex)
        {
            LogUndeserializable(ex, path, sender, selection.SerializerId, selection.Manifest);
            return;
        }
        try
        {
            System.ActorSelection(path).Tell(message, sender);
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "Delivering a message of type {Type} to selection {Path} failed", message.GetType().FullName, path);
        }
    }

    private void LogUndeserializable(Exception ex, string recipient, IActorRef? sender, int serializerId, string manifest) =>
        Log.LogError(ex, "Dropped a message for {Recipient} from {Sender}: it could not be deserialized (serializer {SerializerId}, manifest '{Manifest}')",
            recipient, sender?.ToString() ?? "no sender", serializerId, manifest);

    /// <summary>Death watch across nodes: what the runtime's cells send to remote refs becomes a system frame.</summary>
    internal void SendSystemMessage(RemoteActorRef target, SystemMessage message)
    {
        switch (message)
        {
            case ActorsWatch watch when watch.Watchee.Equals(target) && watch.Watcher.IsLocal:
                if (IsStopping || target.Association.IsRefusedByPeer)
                {
                    watch.Watcher.SendSystemMessage(new ActorsDeathWatchNotification(target, ExistenceConfirmed: false, AddressTerminated: true));
                    return;
                }
                if (Watcher.Add(target, watch.Watcher))
                    SendSystem(target, new SystemEnvelope { Watch = new WireWatch { Watchee = target.SerializedPath, Watcher = ToSerializedPath(watch.Watcher) } });
                break;
            case ActorsUnwatch unwatch when unwatch.Watchee.Equals(target):
                if (Watcher.Remove(target, unwatch.Watcher))
                    SendSystem(target, new SystemEnvelope { Unwatch = new WireUnwatch { Watchee = target.SerializedPath, Watcher = ToSerializedPath(unwatch.Watcher) } });
                break;
            case ActorsDeathWatchNotification notification:
                SendSystem(target, new SystemEnvelope
                {
                    DeathWatchNotification = new WireDeathWatchNotification
                    {
                        Actor = ToSerializedPath(notification.Actor),
                        Watcher = target.SerializedPath,
                        ExistenceConfirmed = notification.ExistenceConfirmed,
                        AddressTerminated = notification.AddressTerminated,
                    },
                });
                break;
            default:
                Log.LogDebug("Ignored system message {Message} for remote actor {Target}", message, target);
                break;
        }
    }

    internal void SendTerminate(RemoteActorRef target) =>
        SendSystem(target, new SystemEnvelope { Terminate = new WireTerminate { Actor = target.SerializedPath } });

    private static void SendSystem(RemoteActorRef target, SystemEnvelope envelope) =>
        target.Association.Send(OutboundItem.ForControl(OutboundKind.System, envelope));

    private void HandleSystemEnvelope(Link link, SystemEnvelope envelope)
    {
        switch (envelope.KindCase)
        {
            case SystemEnvelope.KindOneofCase.Watch:
                if (ResolveRecipient(envelope.Watch.Watchee) is IInternalActorRef watchee && ResolveActorRef(envelope.Watch.Watcher) is RemoteActorRef watcher)
                    watchee.SendSystemMessage(new ActorsWatch(watchee, watcher));
                break;
            case SystemEnvelope.KindOneofCase.Unwatch:
                if (ResolveRecipient(envelope.Unwatch.Watchee) is IInternalActorRef unwatchee && ResolveActorRef(envelope.Unwatch.Watcher) is RemoteActorRef unwatcher)
                    unwatchee.SendSystemMessage(new ActorsUnwatch(unwatchee, unwatcher));
                break;
            case SystemEnvelope.KindOneofCase.DeathWatchNotification:
                var notification = envelope.DeathWatchNotification;
                if (!ActorPath.TryParse(notification.Actor, out var actorPath)) throw new ProtocolException($"invalid actor path '{notification.Actor}'");
                if (ResolveRecipient(notification.Watcher) is not IInternalActorRef local || local is EmptyLocalActorRef) break;
                foreach (var dead in Watcher.TakeMatching(actorPath, local))
                    local.SendSystemMessage(new ActorsDeathWatchNotification(dead, notification.ExistenceConfirmed, notification.AddressTerminated));
                break;
            case SystemEnvelope.KindOneofCase.Terminate:
                if (ResolveRecipient(envelope.Terminate.Actor) is LocalActorRef target) target.Stop();
                break;
            default:
                Log.LogWarning("Ignored a system frame of unknown kind from {Link}", link);
                break;
        }
    }
}
