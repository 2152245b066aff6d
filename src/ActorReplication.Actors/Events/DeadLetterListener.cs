using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>Logs the first <c>actor.log-dead-letters</c> dead letters, then says that it stops logging them.</summary>
internal sealed class DeadLetterListener : ReceiveActor
{
    public DeadLetterListener(int limit)
    {
        var count = 0;
        Receive<DeadLetter>(d =>
        {
            count++;
            if (count > limit) return;
            Log.LogInformation("Message [{Type}] from {Sender} to {Recipient} was not delivered. [{Count}] dead letters encountered{Suffix}",
                d.Message.GetType().Name, d.Sender?.ToString() ?? "NoSender", d.Recipient, count,
                count == limit ? ", no more dead letters will be logged" : "");
        });
    }

    protected internal override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
