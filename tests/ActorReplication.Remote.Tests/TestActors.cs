using ActorReplication.Actors;
using ActorReplication.Remote.Tests.Messages;

namespace ActorReplication.Remote.Tests;

/// <summary>Replies with whatever it receives.</summary>
internal sealed class Echo : ReceiveActor
{
    public Echo() => ReceiveAny(m => Sender.Tell(m, Self));
}

/// <summary>Does nothing with its messages (a target for death watch).</summary>
internal sealed class Silent : ReceiveActor
{
    public Silent() => ReceiveAny(_ => { });
}

/// <summary>Forwards everything to a fixed ref, keeping the sender.</summary>
internal sealed class Forwarder : ReceiveActor
{
    public Forwarder(IActorRef target) => ReceiveAny(m => target.Tell(m, Sender));
}

/// <summary>
/// On a <see cref="RefHolder"/>: resolves the carried ref on this node, tells it a greeting with the note, and
/// reports to the sender what kind of ref it became (local or remote).
/// </summary>
internal sealed class RefUser : ReceiveActor
{
    public RefUser()
    {
        Receive<RefHolder>(holder =>
        {
            var registry = RemoteTransport.Get(Context.System)!.Serialization;
            var target = registry.ResolveActorRef(holder.Actor)!;
            target.Tell(new Greeting { Text = holder.Note }, Self);
            Sender.Tell(target is RemoteActorRef ? "remote" : target is LocalActorRef ? "local" : target.GetType().Name, Self);
        });
    }
}

/// <summary>Replies to "fail" with a Status.Failure carrying an InvalidOperationException.</summary>
internal sealed class Failer : ReceiveActor
{
    public Failer() => Receive<string>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("nope")), Self));
}

/// <summary>
/// Watches the subject of an <see cref="ActorIdentity"/> (an <see cref="Echo"/>), pings it so the Watch has surely
/// arrived, then reports "watching"; later reports <c>terminated:name:existenceConfirmed</c> to <paramref name="report"/>
/// (a Terminated itself cannot be forwarded: the runtime drops it at an actor that did not watch).
/// </summary>
internal sealed class RemoteWatcherActor : ReceiveActor
{
    public RemoteWatcherActor(IActorRef report)
    {
        Receive<ActorIdentity>(identity =>
        {
            Context.Watch(identity.Subject!);
            identity.Subject!.Tell("ping", Self);
        });
        Receive<string>(m => m == "ping", _ => report.Tell("watching", Self));
        Receive<Terminated>(t => report.Tell($"terminated:{t.ActorRef.Path.Name}:{t.ExistenceConfirmed}", Self));
    }
}
