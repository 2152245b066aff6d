using Akka.Actor;

namespace ActorReplication.Node.ClientGateway;

/// <summary>Requests waiting for this node to apply the stream up to an offset (read-your-writes), each with a deadline.</summary>
internal sealed class OffsetWaiters
{
    public sealed record Pending(object Request, string ReplId, long Offset, IActorRef ReplyTo, long DeadlineTicks);

    private readonly List<Pending> _pending = [];

    public int Count => _pending.Count;

    public void Add(Pending pending) => _pending.Add(pending);

    /// <summary>Removes and returns, in arrival order, the waits whose offset is reached or whose deadline passed.</summary>
    public List<Pending> TakeDue(long now, Func<string, long, bool> reached)
    {
        var due = new List<Pending>();
        _pending.RemoveAll(p =>
        {
            if (!reached(p.ReplId, p.Offset) && now < p.DeadlineTicks) return false;
            due.Add(p);
            return true;
        });
        return due;
    }
}
